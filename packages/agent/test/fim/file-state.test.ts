import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { octalMode, readFileState } from '../../src/fim/file-state.ts';

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-fstate-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('regular file: attributes and sha256 of the content', async () => {
  const p = join(dir, 'f');
  await writeFile(p, 'hello\n', { mode: 0o640 });
  const s = await readFileState(p);
  assert.ok(s);
  assert.equal(s.type, 'file');
  assert.equal(s.sha256, sha('hello\n'));
  assert.equal(s.partial, false);
  assert.equal(octalMode(s.mode), '0640');
  assert.equal(s.size, 6);
  assert.match(s.ino, /^\d+$/);
});

test('a file above the hash cap is hashed over its first bytes and flagged partial', async () => {
  const p = join(dir, 'big');
  const body = Buffer.alloc(3000, 7);
  await writeFile(p, body);
  const s = await readFileState(p, { hashCap: 1000 });
  assert.equal(s?.partial, true);
  assert.equal(s?.sha256, sha(body.subarray(0, 1000)));
  assert.equal(s?.size, 3000);
});

test('symlinks are not followed: the link target is recorded, not hashed', async () => {
  await writeFile(join(dir, 'target'), 'secret');
  await symlink(join(dir, 'target'), join(dir, 'link'));
  const s = await readFileState(join(dir, 'link'));
  assert.equal(s?.type, 'symlink');
  assert.equal(s?.target, join(dir, 'target'));
  assert.equal(s?.sha256, undefined);
});

test('a missing path is null', async () => {
  assert.equal(await readFileState(join(dir, 'nope')), null);
  assert.equal(await readFileState(join(dir, 'f', 'below-a-file')), null);
});

test('a known hash is reused only while inode, size and times are unchanged', async () => {
  const p = join(dir, 'reuse');
  await writeFile(p, 'one');
  const first = await readFileState(p);
  assert.ok(first);
  const fake = { ...first, sha256: 'f'.repeat(64) };
  assert.equal((await readFileState(p, { known: fake }))?.sha256, fake.sha256);
  // Same size, mtime put back: ctime still moves, so the content is read again.
  const mtime = new Date(Number(BigInt(first.mtimeNs) / 1_000_000n));
  await writeFile(p, 'two');
  await utimes(p, mtime, mtime);
  assert.equal((await readFileState(p, { known: fake }))?.sha256, sha('two'));
});
