/**
 * The exec-capture workload shared by bench/exec-capture.ts and the sensor tests: shell loops
 * (several in parallel, to reach the exec rate on few cores) run N distinct short-lived commands (alternately `/bin/true <id>` and `sh -c : <id>`, the
 * latter a shell that lives about a millisecond), on the host or inside a throwaway container,
 * and the captured process.exec events are checked for each id: full argv, its loop shell as
 * parent, and (in a container) the container's id.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VigilEvent } from '@vigil/schema';

export interface WorkloadResult {
  expected: number;
  captured: number;
  fullArgv: number;
  rightParent: number;
  /** Only for a container run. */
  rightContainer?: number;
  containerId?: string;
  /** Exec rate over the run as the kernel timestamps show it (first to last command). */
  execsPerSecond: number;
}

/** Keeps the exec events a workload cares about; feed it every event. */
export class ExecCollector {
  readonly byMarker = new Map<string, VigilEvent>();
  readonly shells = new Map<string, VigilEvent>();

  onEvent = (e: VigilEvent): void => {
    if (e.event.kind !== 'process.exec') return;
    const args = e.process?.args ?? [];
    const last = args[args.length - 1] ?? '';
    if (/^vigil-exec-[0-9a-f]+-\d+$/.test(last)) this.byMarker.set(last, e);
    else if (args[0] === 'sh' && args[1] === '-c') {
      const loop = /^: vigil-exec-([0-9a-f]+-loop\d+);/.exec(args[2] ?? '');
      if (loop) this.shells.set(loop[1], e);
    }
  };
}

function expectedArgs(marker: string, i: number): string[] {
  return i % 2 === 0 ? ['/bin/true', marker] : ['/bin/sh', '-c', ':', marker];
}

/** Loop `k` runs ids [from, to); its first word names it in its own exec event. */
function loopScript(run: string, k: number, from: number, to: number): string {
  return (
    `: vigil-exec-${run}-loop${k}; i=${from}; while [ $i -lt ${to} ]; do ` +
    `if [ $((i % 2)) -eq 0 ]; then /bin/true vigil-exec-${run}-$i; else /bin/sh -c : vigil-exec-${run}-$i; fi; ` +
    `i=$((i + 1)); done`
  );
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: timeoutMs });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${stderr.trim()}`))));
  });
}

/** Waits until events stop arriving: `idleMs` without a new one (bounded by `maxMs`). */
async function settle(collector: ExecCollector, expected: number, run: string, idleMs = 500, maxMs = 10_000): Promise<void> {
  const count = (): number => [...collector.byMarker.keys()].filter((k) => k.startsWith(`vigil-exec-${run}-`)).length;
  const deadline = Date.now() + maxMs;
  let last = -1;
  while (Date.now() < deadline) {
    const now = count();
    if (now >= expected) return;
    if (now === last) return;
    last = now;
    await new Promise((r) => setTimeout(r, idleMs));
  }
}

export interface WorkloadOptions {
  count: number;
  /** Run inside a throwaway container of this image (no network, removed after). */
  image?: string;
  /** Shell loops run side by side (default 4). */
  parallel?: number;
  /** Upper bound for the loops themselves. */
  timeoutMs?: number;
  /** Called once events for the run have settled, before checking (e.g. monitor.flush). */
  flush?: () => Promise<void>;
}

export async function runExecWorkload(collector: ExecCollector, opts: WorkloadOptions): Promise<WorkloadResult> {
  const runId = randomBytes(6).toString('hex');
  const parallel = opts.parallel ?? 4;
  const per = Math.ceil(opts.count / parallel);
  const loops = Array.from({ length: parallel }, (_, k) => loopScript(runId, k, k * per, Math.min(opts.count, (k + 1) * per)));
  // Each loop is its own `sh -c` (its own exec event, the parent of its commands).
  const launcher = ['sh', '-c', 'for s in "$@"; do sh -c "$s" & done; wait', 'sh', ...loops];
  const timeoutMs = opts.timeoutMs ?? 60_000;
  let containerId: string | undefined;
  if (opts.image) {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-exec-'));
    const cidfile = join(dir, 'cid');
    try {
      await run('docker', ['run', '--rm', '--network', 'none', '--cidfile', cidfile, opts.image, ...launcher], timeoutMs);
      containerId = readFileSync(cidfile, 'utf8').trim();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    await run(launcher[0], launcher.slice(1), timeoutMs);
  }
  await opts.flush?.();
  await settle(collector, opts.count, runId);
  await opts.flush?.();

  let captured = 0;
  let fullArgv = 0;
  let rightParent = 0;
  let rightContainer = 0;
  const times: number[] = [];
  for (let i = 0; i < opts.count; i++) {
    const marker = `vigil-exec-${runId}-${i}`;
    const e = collector.byMarker.get(marker);
    if (!e) continue;
    collector.byMarker.delete(marker);
    captured++;
    times.push(Date.parse(e.time));
    if (JSON.stringify(e.process?.args) === JSON.stringify(expectedArgs(marker, i))) fullArgv++;
    const parent = e.process?.parent;
    const shell = collector.shells.get(`${runId}-loop${Math.floor(i / per)}`);
    if (shell && parent?.pid === shell.process?.pid && parent?.entity_id === shell.process?.entity_id) rightParent++;
    if (containerId && e.container?.id === containerId) rightContainer++;
  }
  for (let k = 0; k < parallel; k++) collector.shells.delete(`${runId}-loop${k}`);
  const spanSeconds = times.length > 1 ? (Math.max(...times) - Math.min(...times)) / 1000 : 0;
  return {
    expected: opts.count,
    captured,
    fullArgv,
    rightParent,
    execsPerSecond: spanSeconds > 0 ? (times.length - 1) / spanSeconds : 0,
    ...(containerId ? { rightContainer, containerId } : {}),
  };
}
