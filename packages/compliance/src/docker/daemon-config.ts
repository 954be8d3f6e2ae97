/**
 * The Docker daemon's effective configuration: the running dockerd's command-line flags and its
 * daemon.json (`--config-file`, default /etc/docker/daemon.json), as the benchmark's audits read
 * them. A flag and its daemon.json key may be spelt differently (`--insecure-registry` /
 * `insecure-registries`); the check names both.
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '@vigil/schema';
import type { ComplianceContext } from '../context.ts';

export interface DaemonConfig {
  /** dockerd's argv after the program name; empty when no dockerd runs. */
  flags: string[];
  /** Whether a dockerd process was found. */
  running: boolean;
  json: Record<string, unknown>;
  jsonPath: string;
}

export function daemonConfig(ctx: ComplianceContext): Promise<DaemonConfig> {
  return ctx.shared('docker:daemon-config', async () => {
    const proc = ctx.live ? (await ctx.processes()).find((p) => /(^|\/)dockerd$/.test(p.argv[0] ?? '')) : undefined;
    const flags = proc?.argv.slice(1) ?? [];
    const jsonPath = flagValues(flags, 'config-file')[0] ?? '/etc/docker/daemon.json';
    let json: Record<string, unknown> = {};
    const text = await readFile(ctx.path(jsonPath), 'utf8').catch(() => undefined);
    if (text !== undefined && text.trim()) {
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw new UserError(`${jsonPath} is not valid JSON`, 'BAD_CONFIG');
      }
    }
    return { flags, running: proc !== undefined, json, jsonPath };
  });
}

/**
 * Values of `--name` in an argv: `--name=v`, `--name v`, or a bare boolean `--name` (`true`).
 * Also the single-dash short form kube and docker binaries accept (`-H`).
 */
export function flagValues(argv: readonly string[], name: string): string[] {
  const out: string[] = [];
  const long = name.length > 1 ? `--${name}` : `-${name}`;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === long || arg === `-${name}`) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        out.push(next);
        i++;
      } else out.push('true');
    } else if (arg.startsWith(`${long}=`) || arg.startsWith(`-${name}=`)) out.push(arg.slice(arg.indexOf('=') + 1));
  }
  return out;
}

/** Every value the daemon was given for an option, from flags and daemon.json, as strings. */
export function daemonOption(config: DaemonConfig, flag: string, key = flag): string[] {
  const fromJson = config.json[key];
  const jsonValues =
    fromJson === undefined || fromJson === null
      ? []
      : Array.isArray(fromJson)
        ? fromJson.map(String)
        : typeof fromJson === 'object'
          ? Object.entries(fromJson).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
          : [String(fromJson)];
  return [...flagValues(config.flags, flag), ...jsonValues];
}
