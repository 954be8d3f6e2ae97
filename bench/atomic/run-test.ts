/**
 * One atomic test in one throwaway container (`--network none`, no mounts, removed afterwards),
 * executed as Invoke-AtomicTest does: each prerequisite check (and, when it fails, its get
 * command) with `sh -c`, then the test's command with its executor (`sh -c` / `bash -c`), each
 * as a `docker exec` so the agent sees the commands start inside the container.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { AtomicTest } from './catalog.ts';

const run = promisify(execFile);

export interface AtomicRun {
  test: AtomicTest;
  containerId: string;
  exitCode: number | 'timeout';
}

async function exec(id: string, argv: string[], timeoutMs: number): Promise<number | 'timeout'> {
  try {
    await run('docker', ['exec', id, ...argv], { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 << 20 });
    return 0;
  } catch (err) {
    const e = err as { killed?: boolean; code?: number | string };
    if (e.killed) return 'timeout';
    return typeof e.code === 'number' ? e.code : 1;
  }
}

export async function runAtomicTest(test: AtomicTest, image: string, index: number, timeoutMs: number): Promise<AtomicRun> {
  const name = `vrule-art-${process.pid}-${index}`;
  const { stdout } = await run('docker', ['run', '-d', '--rm', '--network', 'none', '--name', name, '--label', 'vrule=atomic', image, 'sleep', '300']);
  const containerId = stdout.trim();
  try {
    for (const p of test.prereqs) {
      if ((await exec(containerId, ['sh', '-c', p.check], timeoutMs)) !== 0) await exec(containerId, ['sh', '-c', p.get], timeoutMs);
    }
    const exitCode = await exec(containerId, [test.executor, '-c', test.command], timeoutMs);
    return { test, containerId, exitCode };
  } finally {
    await run('docker', ['rm', '-f', containerId]).catch(() => undefined);
  }
}
