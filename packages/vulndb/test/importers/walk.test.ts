import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { zipSync } from 'fflate';
import { isUserError } from '@vigil/schema';
import { type InputFile, archiveKind, walkInputs } from '../../src/importers/walk.ts';
import { tempDir } from '../support/temp-db.ts';

async function collect(path: string): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for await (const f of walkInputs(path)) out.push(f);
  return out;
}

const root = join(tempDir(), 'walk');
mkdirSync(join(root, 'tree', 'sub'), { recursive: true });
writeFileSync(join(root, 'tree', 'b.json'), '{}');
writeFileSync(join(root, 'tree', 'sub', 'a.json'), '[]');
writeFileSync(
  join(root, 'tree', 'sub', 'all.zip'),
  zipSync({ 'X-1.json': new TextEncoder().encode('{"x":1}'), 'dir/X-2.json': new TextEncoder().encode('{"x":2}') }),
);
symlinkSync(join(root, 'tree'), join(root, 'tree', 'sub', 'loop'));

test('archive kinds by name', () => {
  assert.equal(archiveKind('all.ZIP'), 'zip');
  assert.equal(archiveKind('go.tar.gz'), 'tar.gz');
  assert.equal(archiveKind('x.tgz'), 'tar.gz');
  assert.equal(archiveKind('list'), undefined);
});

test('a tree is walked in name order, zip entries streamed, symlinks not followed', async () => {
  const files = await collect(join(root, 'tree'));
  assert.deepEqual(
    files.map((f) => f.path.slice(root.length + 1)),
    ['tree/b.json', 'tree/sub/a.json', 'tree/sub/all.zip!X-1.json', 'tree/sub/all.zip!dir/X-2.json'],
  );
  const zipped = files[2];
  assert.ok('data' in zipped && zipped.data.toString() === '{"x":1}');
});

test('a .tar.gz (also nested in a tree) is read entry by entry', async () => {
  const tgz = join(root, 'tree.tar.gz');
  execFileSync('tar', ['-czf', tgz, '-C', root, 'tree/b.json', 'tree/sub/all.zip']);
  const files = await collect(tgz);
  assert.deepEqual(
    files.map((f) => f.path.slice(tgz.length)),
    ['!tree/b.json', '!tree/sub/all.zip!X-1.json', '!tree/sub/all.zip!dir/X-2.json'],
  );
});

test('a corrupt archive is one error entry, not a crash', async () => {
  const bad = join(root, 'bad.tar.gz');
  writeFileSync(bad, 'definitely not gzip');
  const files = await collect(bad);
  assert.equal(files.length, 1);
  assert.ok('error' in files[0] && /unreadable tar.gz archive/.test(files[0].error));
});

test('a missing path is a user error', async () => {
  await assert.rejects(collect(join(root, 'nope')), (err) => isUserError(err) && /no such file/.test(err.message));
});
