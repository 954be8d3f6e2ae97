/**
 * Replays a recording through the engine with the built-in pack, as a user would:
 * `vigil detect --events FILE --format json` (one alert per line).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface ReplayedAlert {
  time: string;
  rule: { id: string; name: string };
  severity: string;
  techniques: string[];
  output: string;
  container?: { id: string; name?: string };
  /** The event that raised (or completed) the alert. */
  event?: { process?: { entity_id?: string } };
}

export async function replay(repo: string, eventsFile: string): Promise<ReplayedAlert[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(repo, 'packages/cli/bin/vigil.js'), 'detect', '--events', eventsFile, '--format', 'json'], {
    cwd: repo,
    maxBuffer: 1 << 30,
  });
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as ReplayedAlert);
}

/**
 * An alert carries a technique when it names it, its parent (T1059 for T1059.004), or one of its
 * sub-techniques when the technique is itself a parent; a sibling sub-technique does not count.
 */
export function carriesTechnique(alert: ReplayedAlert, technique: string): boolean {
  const parentOf = (id: string): string => id.split('.')[0];
  return alert.techniques.some((t) => t === technique || t === parentOf(technique) || parentOf(t) === technique);
}
