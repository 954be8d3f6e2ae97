import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BaselineStore } from '../../src/fim/baseline-store.ts';
import type { FileState } from '../../src/fim/file-state.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-fimstore-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const row = (path: string, ino = '1'): FileState => ({
  path,
  type: 'file',
  mode: 0o644,
  uid: 0,
  gid: 0,
  size: 1,
  mtimeNs: '1',
  ctimeNs: '1',
  ino,
  dev: '9',
  sha256: 'a'.repeat(64),
  partial: false,
});

test('subtrees are exactly the paths below a directory, not its look-alike siblings', () => {
  const s = BaselineStore.open(join(dir, 'sub'));
  for (const p of ['/w/a', '/w/a/x', '/w/a/y/z', '/w/a-b', '/w/a.b', '/w/a0', '/w/ab']) s.put(row(p));
  assert.deepEqual([...s.subtree('/w/a')].map((r) => r.path), ['/w/a/x', '/w/a/y/z']);
  s.moveSubtree('/w/a', '/w/m');
  assert.equal(s.get('/w/a/x'), undefined);
  assert.equal(s.get('/w/m/y/z')?.path, '/w/m/y/z');
  assert.ok(s.get('/w/a-b') && s.get('/w/a0') && s.get('/w/a'), 'siblings and the directory row itself stay');
  s.removeSubtree('/w/m');
  assert.equal(s.count(), 5);
  assert.equal([...s.subtree('/')].length, 5, 'the subtree of / is everything');
  s.close();
});

test('rows not marked by the current pass are unseen, across pages and deletions', () => {
  const s = BaselineStore.open(join(dir, 'unseen'));
  for (let i = 0; i < 1200; i++) s.put(row(`/r/${String(i).padStart(4, '0')}`));
  s.beginPass();
  s.put(row('/r/0005'));
  const seen: string[] = [];
  for (const r of s.unseen()) {
    seen.push(r.path);
    s.remove(r.path);
  }
  assert.equal(seen.length, 1199);
  assert.equal(s.count(), 1);
  s.close();
});

test('inode lookups, metadata and the pass generation survive reopening', () => {
  const path = join(dir, 'reopen');
  const s = BaselineStore.open(path);
  s.put(row('/x/one', '77'));
  s.put(row('/x/two', '77'));
  s.setMeta('roots', '["/x"]');
  const g = s.beginPass();
  s.close();
  const again = BaselineStore.open(path);
  assert.deepEqual(again.byInode('9', '77').map((r) => r.path).sort(), ['/x/one', '/x/two']);
  assert.equal(again.meta('roots'), '["/x"]');
  assert.equal(again.generation, g);
  again.close();
});
