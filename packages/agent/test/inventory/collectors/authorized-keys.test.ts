import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { authorizedKeysCollector } from '../../../src/inventory/collectors/authorized-keys.ts';
import { collectTable, fixtureRoot } from '../fixture-root.ts';

/** A fresh key pair from ssh-keygen, and the fingerprint ssh-keygen itself prints for it. */
async function freshKey(type: string, comment: string): Promise<{ line: string; fingerprint: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-sshkey-'));
  after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'key');
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', comment, '-f', file]);
  const line = (await readFile(`${file}.pub`, 'utf8')).trim();
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1];
  return { line, fingerprint };
}

test("a user's authorized keys appear with options, comment and ssh-keygen's SHA256 fingerprint", async () => {
  const ed = await freshKey('ed25519', 'alice@laptop');
  const rsa = await freshKey('rsa', 'deploy key');
  const root = await fixtureRoot({
    '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nalice:x:1001:1001::/home/alice:/bin/bash\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n',
    '/home/alice/.ssh/authorized_keys': `# laptop\n${ed.line}\n\nfrom="10.0.0.0/8",command="/usr/bin/backup --to \\"x y\\"" ${rsa.line}\nnot a key\n`,
  });
  const { rows } = await collectTable(authorizedKeysCollector, { root });
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[0], {
    uid: 1001,
    username: 'alice',
    options: '',
    algorithm: 'ssh-ed25519',
    key: ed.line.split(' ')[1],
    comment: 'alice@laptop',
    fingerprint: ed.fingerprint,
    key_file: '/home/alice/.ssh/authorized_keys',
  });
  assert.equal(rows[1].algorithm, 'ssh-rsa');
  assert.equal(rows[1].options, 'from="10.0.0.0/8",command="/usr/bin/backup --to \\"x y\\""');
  assert.equal(rows[1].comment, 'deploy key');
  assert.equal(rows[1].fingerprint, rsa.fingerprint);
});
