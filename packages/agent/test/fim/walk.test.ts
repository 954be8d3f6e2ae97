import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { walkTree } from '../../src/fim/walk.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-walk-'));
  await mkdir(join(dir, 'root/a/b'), { recursive: true });
  await mkdir(join(dir, 'root/state'), { recursive: true });
  await mkdir(join(dir, 'elsewhere'));
  await writeFile(join(dir, 'root/a/b/f'), '');
  await writeFile(join(dir, 'root/state/db'), '');
  await writeFile(join(dir, 'elsewhere/g'), '');
  await symlink(join(dir, 'elsewhere'), join(dir, 'root/link'));
});
after(() => rm(dir, { recursive: true, force: true }));

const all = async (root: string, ignore?: string[]) => {
  const out: string[] = [];
  for await (const p of walkTree(root, { ignore })) out.push(p.slice(dir.length));
  return out.sort();
};

test('yields the root and everything below it, listing symlinks without entering them', async () => {
  assert.deepEqual(await all(join(dir, 'root')), ['/root', '/root/a', '/root/a/b', '/root/a/b/f', '/root/link', '/root/state', '/root/state/db']);
});

test('ignored subtrees are left out entirely', async () => {
  assert.deepEqual(await all(join(dir, 'root'), [join(dir, 'root/state')]), ['/root', '/root/a', '/root/a/b', '/root/a/b/f', '/root/link']);
});

test('a root that is a file yields just itself; a missing root yields it and nothing else', async () => {
  assert.deepEqual(await all(join(dir, 'root/a/b/f')), ['/root/a/b/f']);
  const warnings: string[] = [];
  const out: string[] = [];
  for await (const p of walkTree(join(dir, 'nope'), { onWarn: (m) => warnings.push(m) })) out.push(p);
  assert.equal(out.length, 1);
  assert.deepEqual(warnings, []);
});
