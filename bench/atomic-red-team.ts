/**
 * bench/atomic-red-team: the live detection figure. The real agent (`vigil agent run --sensor
 * ebpf`) records on the host while atomic-red-team Linux tests run, each in its own throwaway
 * container (no network, no mounts); the recording is then replayed through the built-in pack
 * (`vigil detect`) and each test counts as detected when an alert from its container carries its
 * technique (or the parent technique). Goal: ≥ 40 tests, ≥ 80 % detected. Run as root:
 *   node --import tsx bench/atomic-red-team.ts [--every] [--limit N] [--timeout SECONDS] [--events FILE] [--replay FILE]
 * --every runs every eligible test of each technique, not only the first (a held-out check).
 * --replay skips the live run and scores an earlier recording (its test list is FILE.tests.json).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AttackCatalog } from '@vigil/schema';
import { selectAtomicTests } from './atomic/catalog.ts';
import { atomicImage } from './atomic/image.ts';
import { runAtomicTest, type AtomicRun } from './atomic/run-test.ts';
import { AgentRecording } from './live/agent-recording.ts';
import { carriesTechnique, replay, type ReplayedAlert } from './live/replay.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = resolve(repo, '../shared/corpora');

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function record(eventsFile: string): Promise<AtomicRun[]> {
  const attack = await AttackCatalog.read(join(corpora, 'attack/enterprise-attack-trimmed.tar.gz'));
  const tests = selectAtomicTests(join(corpora, 'atomic-red-team/atomics-yaml.tar.gz'), attack, process.argv.includes('--every')).slice(0, Number(flag('--limit') ?? Infinity));
  const image = atomicImage(repo);
  const timeoutMs = 1000 * Number(flag('--timeout') ?? '20');
  writeFileSync(eventsFile, '');
  const agent = await AgentRecording.start(repo, eventsFile);
  const runs: AtomicRun[] = [];
  try {
    for (const [i, test] of tests.entries()) {
      runs.push(await runAtomicTest(test, image, i, timeoutMs));
      if (process.stderr.isTTY) process.stderr.write(`\r${i + 1}/${tests.length} ${test.technique}        `);
    }
    await new Promise((r) => setTimeout(r, 2000)); // the last events through the ring buffer
  } finally {
    console.log(await agent.stop());
  }
  writeFileSync(`${eventsFile}.tests.json`, JSON.stringify(runs));
  return runs;
}

function score(runs: AtomicRun[], alerts: ReplayedAlert[]): void {
  const byContainer = new Map<string, ReplayedAlert[]>();
  for (const a of alerts) if (a.container) byContainer.set(a.container.id, [...(byContainer.get(a.container.id) ?? []), a]);
  const misses: string[] = [];
  let detected = 0;
  for (const r of runs) {
    const mine = byContainer.get(r.containerId) ?? [];
    const label = `${r.test.technique}#${r.test.number} ${r.test.name}`;
    if (mine.some((a) => carriesTechnique(a, r.test.technique))) {
      detected++;
      continue;
    }
    const others = [...new Set(mine.map((a) => `${a.rule.id} [${a.techniques.join(',')}]`))];
    const why = others.length ? `alerts without its technique: ${others.join('; ')}` : 'no alert';
    // 127 is the shell's "command not found": the test's own command never ran.
    const exit = r.exitCode === 127 ? 'exit 127, a command was not found: the test did nothing' : `exit ${r.exitCode}`;
    misses.push(`  ${label} (${exit}): ${why}`);
  }
  const pct = runs.length ? (100 * detected) / runs.length : 0;
  console.log(`atomic tests run: ${runs.length}; raised an alert with the test's technique: ${detected} (${pct.toFixed(1)} %; goal ≥ 80 % of ≥ 40)`);
  console.log(`alerts: ${alerts.length} from ${byContainer.size} test containers`);
  if (misses.length) console.log(`misses:\n${misses.join('\n')}`);
  process.exitCode = runs.length >= 40 && pct >= 80 ? 0 : 1;
}

const replayFile = flag('--replay');
const eventsFile = replayFile ?? flag('--events') ?? `/tmp/vrule-atomic-${process.pid}.jsonl`;
const runs: AtomicRun[] = replayFile ? JSON.parse(readFileSync(`${replayFile}.tests.json`, 'utf8')) : await record(eventsFile);
console.log(`events: ${eventsFile}`);
score(runs, await replay(repo, eventsFile));
