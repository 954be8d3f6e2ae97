/** Run the real `vigil` entry point as a user would, capturing output and exit code. */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = resolve(repoRoot, 'packages/cli/bin/vigil.js');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runVigil(args: string[], env: Record<string, string> = {}, cwd = repoRoot): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: 10 * 60_000,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Build (once per machine) the debootstrap bookworm images; returns the cache directory. */
export function bookwormImages(): { cache: string; rootfs: string; base: string; app: string } {
  const r = spawnSync('bash', [resolve(repoRoot, 'scripts/testing/bookworm-image.sh')], { encoding: 'utf8', timeout: 15 * 60_000 });
  if (r.status !== 0) throw new Error(`building test images failed:\n${r.stderr}`);
  const cache = r.stdout.trim().split('\n').pop()!;
  return { cache, rootfs: `${cache}/bookworm-rootfs`, base: `${cache}/bookworm.tar`, app: `${cache}/bookworm-app.tar` };
}
