import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { type CliResult, runVigil } from '../test-support/run-cli.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-cli-inventory-'));
after(() => rmSync(root, { recursive: true, force: true }));
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl carol@ci';
for (const [path, text] of Object.entries({
  'etc/passwd': 'root:x:0:0:root:/root:/bin/bash\ncarol:x:1003:1003::/home/carol:/bin/bash\n',
  'etc/cron.d/sync': '*/10 * * * * carol /usr/bin/rsync -a /srv /backup\n',
  'home/carol/.ssh/authorized_keys': `${KEY}\n`,
})) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function assertUserError(r: CliResult, pattern: RegExp): void {
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, pattern);
}

test('--format json --root: the tables asked for, read from that root', () => {
  const r = runVigil(['agent', 'inventory', '--format', 'json', '--root', root, '--table', 'users', 'crontab', 'authorized_keys']);
  assert.equal(r.status, 0, r.stderr);
  const snapshot = JSON.parse(r.stdout);
  assert.equal(snapshot.root, root);
  assert.deepEqual(Object.keys(snapshot.tables), ['users', 'authorized_keys', 'crontab']);
  assert.deepEqual(snapshot.tables.crontab.rows.map((c: { user: string; command: string; minute: string }) => [c.user, c.minute, c.command]), [
    ['carol', '*/10', '/usr/bin/rsync -a /srv /backup'],
  ]);
  const [key] = snapshot.tables.authorized_keys.rows;
  assert.equal(key.username, 'carol');
  assert.equal(key.fingerprint, 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU'); // as `ssh-keygen -lf` prints it
  assert.deepEqual(snapshot.tables.users.rows.map((u: { username: string; is_uid0: boolean }) => [u.username, u.is_uid0]), [
    ['root', true],
    ['carol', false],
  ]);
});

test('the table format names each table and its rows', () => {
  const r = runVigil(['agent', 'inventory', '--root', root, '--table', 'crontab']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^crontab \(1\)$/m);
  assert.match(r.stdout, /\/usr\/bin\/rsync -a \/srv \/backup/);
});

test('the whole live inventory: every table answers, and the host middleware is in it', () => {
  const r = runVigil(['agent', 'inventory', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const { tables } = JSON.parse(r.stdout);
  for (const [name, t] of Object.entries(tables)) assert.ok(!('error' in (t as object)), `${name}: ${(t as { error: string }).error}`);
  const names = tables.middleware.rows.map((m: { name: string }) => m.name);
  for (const m of ['postgresql', 'redis', 'nats']) assert.ok(names.includes(m), `${m} missing from ${names}`);
  assert.ok(tables.deb_packages.rows.length > 100);
});

test('user mistakes are one line: a missing root, an unknown table', () => {
  assertUserError(runVigil(['agent', 'inventory', '--root', join(root, 'nope')]), /^vigil: no such directory: /);
  assertUserError(runVigil(['agent', 'inventory', '--root', join(root, 'etc/passwd')]), /^vigil: not a directory: /);
  assertUserError(runVigil(['agent', 'inventory', '--table', 'usrs']), /^vigil: unknown table usrs \(known: system_info, /);
});
