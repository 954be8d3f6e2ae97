import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAuthorizedKey } from '../../src/inventory/ssh-key.ts';

const BLOB = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

test('options before the key type, with quoted spaces, are kept whole', () => {
  const k = parseAuthorizedKey(`no-pty,command="echo \\"hi there\\"" ssh-ed25519 ${BLOB} ops team key`);
  assert.deepEqual(k, {
    options: 'no-pty,command="echo \\"hi there\\""',
    algorithm: 'ssh-ed25519',
    key: BLOB,
    comment: 'ops team key',
    fingerprint: 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU', // as `ssh-keygen -lf` prints it
  });
});

test('security-key and certificate types are keys too', () => {
  assert.equal(parseAuthorizedKey(`sk-ssh-ed25519@openssh.com ${BLOB}`)?.algorithm, 'sk-ssh-ed25519@openssh.com');
  assert.equal(parseAuthorizedKey(`ssh-ed25519-cert-v01@openssh.com ${BLOB} c`)?.algorithm, 'ssh-ed25519-cert-v01@openssh.com');
});

test('comments, blank lines, unknown types and non-base64 keys are not keys', () => {
  for (const line of ['', '   ', `# ssh-ed25519 ${BLOB}`, `ssh-foo ${BLOB}`, 'ssh-ed25519 not*base64', 'ssh-rsa', 'garbage']) {
    assert.equal(parseAuthorizedKey(line), undefined, line);
  }
});
