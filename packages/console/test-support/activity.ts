/**
 * Real activity a built-in rule alerts on: a process named like a web server (`nginx`, a shell
 * script of that name, so the kernel names the process after it) spawning a shell —
 * rules/runtime/webshell.yaml, vigil.webshell.shell-from-web-server. And, where a Docker engine
 * runs, a real container with a risky configuration (a host system directory mounted writable,
 * root, no limits) for the containers page.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const WEB_SHELL_RULE = 'vigil.webshell.shell-from-web-server';

/** Runs `<name>` → `sh -c id`; returns when both have exited. */
export function shellFromWebServer(name = 'nginx'): void {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-web-'));
  const script = join(dir, name);
  writeFileSync(script, '#!/bin/sh\n/bin/sh -c "id; echo vigil-e2e"\nsleep 1\n');
  chmodSync(script, 0o755);
  try {
    execFileSync(script, { stdio: 'ignore' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const CONTAINER_IMAGE = 'vigil-test/bookworm:base';

/** Starts the risky container, or says why it cannot. */
export function startContainer(name: string): { ok: true } | { ok: false; reason: string } {
  if (spawnSync('docker', ['info'], { stdio: 'ignore' }).status !== 0) return { ok: false, reason: 'no Docker engine answers' };
  if (spawnSync('docker', ['image', 'inspect', CONTAINER_IMAGE], { stdio: 'ignore' }).status !== 0) {
    const built = spawnSync('bash', [join(import.meta.dirname, '../../../scripts/testing/bookworm-image.sh')], { stdio: 'ignore' });
    if (built.status !== 0) return { ok: false, reason: `${CONTAINER_IMAGE} could not be built` };
  }
  const run = spawnSync('docker', ['run', '-d', '--rm', '-v', '/etc:/host-etc', '--name', name, CONTAINER_IMAGE, 'sleep', '600'], { encoding: 'utf8' });
  return run.status === 0 ? { ok: true } : { ok: false, reason: run.stderr.trim() };
}

export function stopContainer(name: string): void {
  spawnSync('docker', ['rm', '-f', name], { stdio: 'ignore' });
}
