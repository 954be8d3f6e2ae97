import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { quarantineFile, quarantineRecord, restoreFile } from '../../src/response/quarantine.ts';

const isRoot = process.getuid?.() === 0;
let base: string;
before(async () => {
  base = await mkdtemp(join(tmpdir(), 'vigil-quarantine-'));
});
after(() => rm(base, { recursive: true, force: true }));

async function victim(dir: string, name: string): Promise<{ path: string; content: Buffer }> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  const content = Buffer.concat([Buffer.from('<?php eval($_POST["x"]); ?>\n'), randomBytes(4096)]);
  await writeFile(path, content, { mode: 0o4755 & 0o777 });
  if (isRoot) await chown(path, 1234, 2345);
  await utimes(path, new Date('2024-01-02T03:04:05.678Z'), new Date('2023-05-06T07:08:09.123Z'));
  return { path, content };
}

test('quarantine moves the file into a 0700 store, non-executable, with its metadata; restore puts it back byte for byte', async () => {
  const { path, content } = await victim(join(base, 'www'), 'shell.php');
  const before = statSync(path);
  const store = join(base, 'store');
  const q = await quarantineFile({ path, reason: 'webshell: request-to-eval', store });
  assert.ok(q.ok, q.message);
  assert.equal(existsSync(path), false);
  assert.equal(statSync(store).mode & 0o777, 0o700);
  const [id] = await readdir(store);
  assert.deepEqual(q.undo, { type: 'restore_file', params: { id, store } });
  const kept = join(store, id!, 'content');
  assert.equal(statSync(kept).mode & 0o777, 0o400);
  assert.deepEqual(await readFile(kept), content);
  const record = await quarantineRecord(id!, store);
  assert.deepEqual(
    { ...record, quarantinedAt: undefined },
    {
      id, originalPath: path, mode: '0755', uid: before.uid, gid: before.gid, atimeMs: before.atimeMs, mtimeMs: before.mtimeMs, size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'), reason: 'webshell: request-to-eval', quarantinedAt: undefined,
    },
  );

  const r = await restoreFile({ id: id!, store });
  assert.ok(r.ok, r.message);
  const after = await stat(path); // before reading it, which moves its atime
  assert.deepEqual(await readFile(path), content);
  // Times go back through utimes (microsecond precision): equal to the millisecond they were set with.
  assert.deepEqual([after.mode & 0o7777, after.uid, after.gid, Math.round(after.mtimeMs), Math.round(after.atimeMs)], [0o755, before.uid, before.gid, Math.round(before.mtimeMs), Math.round(before.atimeMs)]);
  if (isRoot) assert.deepEqual([after.uid, after.gid], [1234, 2345]);
  assert.deepEqual(await readdir(store), [], 'the store entry is gone once restored');
});

test('across filesystems the file is copied, checked and removed (/dev/shm to the temp dir)', { skip: !existsSync('/dev/shm') || statSync('/dev/shm').dev === statSync(tmpdir()).dev }, async () => {
  const dir = await mkdtemp('/dev/shm/vigil-quarantine-');
  try {
    const { path, content } = await victim(dir, 'x.jsp');
    const store = join(base, 'store-xdev');
    const q = await quarantineFile({ path, store });
    assert.ok(q.ok, q.message);
    assert.equal(existsSync(path), false);
    const r = await restoreFile({ id: (q.undo!.params as { id: string }).id, store });
    assert.ok(r.ok, r.message);
    assert.deepEqual(await readFile(path), content);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('refusals: a changed file, a missing or non-regular path, a bad id, a restore that would overwrite', async () => {
  const { path } = await victim(join(base, 'www3'), 'a.asp');
  const store = join(base, 'store3');
  assert.match((await quarantineFile({ path, sha256: '0'.repeat(64), store })).message, /changed since it was flagged/);
  assert.ok(existsSync(path));
  assert.match((await quarantineFile({ path: join(base, 'nope'), store })).message, /does not exist/);
  assert.match((await quarantineFile({ path: base, store })).message, /not a regular file/);
  assert.match((await quarantineFile({ path: 'relative.php', store })).message, /absolute path/);
  assert.match((await restoreFile({ id: '../../etc', store })).message, /quarantine id/);
  assert.match((await restoreFile({ id: '00000000-0000-0000-0000-000000000000', store })).message, /not in the quarantine store/);

  const q = await quarantineFile({ path, store });
  const id = (q.undo!.params as { id: string }).id;
  await writeFile(path, 'a new file took its place');
  const r = await restoreFile({ id, store });
  assert.equal(r.ok, false);
  assert.match(r.message, /exists; not overwritten/);
  assert.ok((await restoreFile({ id, store, overwrite: true })).ok);
});
