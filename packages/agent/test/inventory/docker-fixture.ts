/** Test support: a reachable Docker daemon (started if it is not running) and the local test image. */
import { spawn, spawnSync } from 'node:child_process';
import { bookwormImages } from '../../../cli/test-support/run-cli.ts';

const dockerUp = () => spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;

/** The local image vigil-test/bookworm:base, with a daemon to run it on. */
export async function bookwormBaseImage(): Promise<string> {
  if (!dockerUp()) {
    spawn('dockerd', [], { detached: true, stdio: 'ignore' }).unref();
    for (let i = 0; !dockerUp(); i++) {
      if (i === 120) throw new Error('dockerd did not come up');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  bookwormImages();
  return 'vigil-test/bookworm:base';
}

export function docker(args: string[]): string {
  const r = spawnSync('docker', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}
