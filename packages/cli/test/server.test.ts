/** `vigil server` as a user runs it: one-line errors, the first-start admin password, clean stop. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { parseListen } from '../src/commands/server.ts';
import { repoRoot, runVigil } from '../test-support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-server-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function assertOneLineError(r: { status: number; stderr: string }, pattern: RegExp): void {
  assert.notEqual(r.status, 0);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], pattern);
}

test('--listen takes HOST:PORT, [v6]:PORT and :PORT', () => {
  assert.deepEqual(parseListen('0.0.0.0:8443'), { host: '0.0.0.0', port: 8443 });
  assert.deepEqual(parseListen('[::1]:8080'), { host: '::1', port: 8080 });
  assert.deepEqual(parseListen(':9000'), { host: '127.0.0.1', port: 9000 });
  assert.throws(() => parseListen('8080'), /expected HOST:PORT/);
  assert.throws(() => parseListen('h:99999'), /expected HOST:PORT/);
});

test('user errors are one line and a non-zero exit', () => {
  const data = join(dir, 'errors');
  assertOneLineError(runVigil(['server', '--data', data, '--listen', 'nowhere']), /^vigil: --listen nowhere: expected HOST:PORT/);
  assertOneLineError(runVigil(['server', '--data', data, '--tls-cert', 'c.pem']), /^vigil: --tls-cert and --tls-key go together/);
  assertOneLineError(runVigil(['server', '--data', data, '--role', 'ingest']), /^vigil: --role ingest needs a shared durable bus/);
  assertOneLineError(runVigil(['server', '--data', data, '--store', 'mysql://x']), /^vigil: --store must be sqlite or a postgres:\/\/ URL/);
  assertOneLineError(runVigil(['server', '--data', data, '--listen', '127.0.0.1:0', '--tls-cert', join(dir, 'no.pem'), '--tls-key', join(dir, 'no.key')]), /^vigil: cannot read TLS certificate or key/);
});

/** Starts `vigil server` and resolves with its stderr lines up to "listening on …". */
function start(data: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [resolve(repoRoot, 'packages/cli/bin/vigil.js'), 'server', '--data', data, '--listen', '127.0.0.1:0', '--vulndb', join(dir, 'none.sqlite')], {
    cwd: repoRoot,
    env: { ...process.env, VIGIL_ADMIN_PASSWORD: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  const listening = new Promise<string[]>((done, fail) => {
    createInterface({ input: child.stderr! }).on('line', (l) => {
      lines.push(l);
      if (l.includes('listening on')) done(lines);
    });
    child.once('exit', (code) => fail(new Error(`exited ${code}: ${lines.join('\n')}`)));
  });
  const stop = () => new Promise<number | null>((done) => {
    child.once('exit', (code) => done(code));
    child.kill('SIGTERM');
  });
  return { listening, stop };
}

test('the first start prints a generated admin password once and writes the local agent token 0600', async () => {
  const data = join(dir, 'first');
  const first = start(data);
  const lines = await first.listening;
  assert.equal(await first.stop(), 0);
  const password = /password (\S+) \(shown once/.exec(lines.join('\n'))?.[1];
  assert.ok(password && password.length >= 20, lines.join('\n'));
  assert.equal(statSync(join(data, 'local-agent.token')).mode & 0o777, 0o600);
  const second = start(data);
  const again = await second.listening;
  assert.equal(await second.stop(), 0);
  assert.ok(!again.join('\n').includes('password'), 'never printed again');
});
