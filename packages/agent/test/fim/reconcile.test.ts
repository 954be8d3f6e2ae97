import assert from 'node:assert/strict';
import { link, mkdir, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BaselineStore } from '../../src/fim/baseline-store.ts';
import type { FileChange } from '../../src/fim/file-event.ts';
import { Reconciler } from '../../src/fim/reconcile.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-reconcile-'));
});
after(() => rm(dir, { recursive: true, force: true }));

function setup(name: string) {
  const changes: FileChange[] = [];
  const store = BaselineStore.open(join(dir, `${name}-state`));
  const r = new Reconciler(store, { onChange: (c) => changes.push(c) });
  const see = (p: string) => r.path(p, { reuseHash: false, sensor: 'inotify' });
  const summary = () => changes.map((c) => [c.action, (c.current ?? c.previous)!.path.slice(dir.length), c.previous?.path.slice(dir.length)]);
  return { store, r, see, changes, summary };
}

test('a path that reappears with the same inode elsewhere is a rename, not delete + create', async () => {
  const { store, see, summary } = setup('rename');
  await writeFile(join(dir, 'one'), '1');
  await see(join(dir, 'one'));
  await rename(join(dir, 'one'), join(dir, 'two'));
  await see(join(dir, 'two'));
  await see(join(dir, 'one'));
  assert.deepEqual(summary(), [
    ['create', '/one', undefined],
    ['rename', '/two', '/one'],
  ]);
  assert.equal(store.get(join(dir, 'one')), undefined);
  store.close();
});

test('a new hard link is a create: the old path still holds the inode', async () => {
  const { store, see, summary } = setup('hardlink');
  await writeFile(join(dir, 'orig'), 'x');
  await see(join(dir, 'orig'));
  await link(join(dir, 'orig'), join(dir, 'alias'));
  await see(join(dir, 'alias'));
  assert.deepEqual(summary().map((s) => s[0]), ['create', 'create']);
  store.close();
});

test('a deleted file whose inode number is reused by a newer file is not a rename', async () => {
  const { store, see, summary } = setup('reuse');
  await writeFile(join(dir, 'old'), 'old');
  const prev = await see(join(dir, 'old'));
  await unlink(join(dir, 'old'));
  await writeFile(join(dir, 'new'), 'new');
  const cur = (await see(join(dir, 'new')))!;
  // Whether or not the filesystem reused the number, a different mtime rules out a rename.
  store.put({ ...prev!, ino: cur.ino, dev: cur.dev, mtimeNs: '1' });
  await see(join(dir, 'old'));
  assert.ok(!summary().some((s) => s[0] === 'rename'));
  store.close();
});

test('a directory replaced by a file reports its contents deleted', async () => {
  const { store, see, summary } = setup('dir2file');
  await mkdir(join(dir, 'd'));
  await writeFile(join(dir, 'd/in'), 'i');
  await see(join(dir, 'd'));
  await see(join(dir, 'd/in'));
  await rm(join(dir, 'd'), { recursive: true });
  await writeFile(join(dir, 'd'), 'now a file');
  await see(join(dir, 'd'));
  assert.deepEqual(summary().slice(2), [
    ['delete', '/d/in', '/d/in'],
    ['modify', '/d', '/d'],
    ['chmod', '/d', '/d'],
  ]);
  store.close();
});
