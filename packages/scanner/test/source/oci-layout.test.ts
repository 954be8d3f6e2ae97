import assert from 'node:assert/strict';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '@vigil/schema';
import { isOciLayout, openOciLayout } from '../../src/source/oci-layout.ts';
import { gzip, ociLayoutFiles, recorder, sha256, tarOf, tempDir, writeTree, zstd, type FixtureImage } from './image-fixtures.ts';

async function image(): Promise<FixtureImage> {
  const base = await tarOf([{ name: 'etc/os-release', content: 'ID=layout\n' }, { name: 'etc/motd', content: 'hi' }]);
  const top = await tarOf([{ name: 'etc/.wh.motd' }, { name: 'app/package.json', content: '{}' }]);
  return { repoTags: ['docker.io/library/layout:1'], layers: [{ tar: base, blob: gzip(base) }, { tar: top, blob: zstd(top) }, { tar: base, blob: gzip(base) }] };
}

test('walks an OCI layout directory layer by layer, each blob once, with progress', async (t) => {
  const img = await image();
  const dir = writeTree(tempDir(t), ociLayoutFiles([img]));
  assert.ok(await isOciLayout(dir));
  const rec = recorder();
  const progress: Array<[number, number | undefined]> = [];
  const source = await openOciLayout(dir, 'layout-dir', { tag: 'layout:1' }, rec.opts());
  const result = await source.walk({ ...rec.visitor, progress: (done, total) => progress.push([done, total]) });
  const keys = img.layers.map((l) => `blobs/sha256/${sha256(l.blob!)}`);
  assert.deepEqual(result.layers.map((l) => l.key), keys);
  assert.deepEqual(result.layers[1].whiteouts, ['etc/motd']);
  // The first and last layer are the same blob: walked once, applied twice.
  assert.deepEqual(rec.delivered.map((d) => `${d.key === keys[0] ? 0 : 1}:${d.path}`), ['0:etc/os-release', '0:etc/motd', '1:app/package.json']);
  const total = img.layers[0].blob!.length + img.layers[1].blob!.length;
  assert.deepEqual(progress.at(-1), [total, total]);
  assert.equal(result.target.imageId?.startsWith('sha256:'), true);
});

test('a blob that is a symlink is not followed; a missing blob or index entry is a UserError', async (t) => {
  const img = await image();
  const files = ociLayoutFiles([img]);
  const dir = writeTree(tempDir(t), files);
  const blob = join(dir, `blobs/sha256/${sha256(img.layers[1].blob!)}`);
  rmSync(blob);
  const secret = join(tempDir(t), 'secret.tar');
  writeFileSync(secret, await tarOf([{ name: 'stolen', content: 'secret' }]));
  symlinkSync(secret, blob);
  const rec = recorder();
  const source = await openOciLayout(dir, 'd', {}, rec.opts());
  await assert.rejects(source.walk(rec.visitor), (err: Error) => err instanceof UserError && /^bad image d: layer blobs\/sha256\/[0-9a-f]+ named by the manifest is missing or unreadable \(ELOOP\)$/.test(err.message));
  assert.ok(!rec.delivered.some((d) => d.path === 'stolen'));

  rmSync(blob);
  await assert.rejects((await openOciLayout(dir, 'd', {}, rec.opts())).walk(rec.visitor), /named by the manifest is missing or unreadable \(ENOENT\)/);

  const manifestDigest = JSON.parse(files.get('index.json')!.toString()).manifests[0].digest.slice(7);
  rmSync(join(dir, 'blobs/sha256', manifestDigest));
  await assert.rejects(openOciLayout(dir, 'd', {}, rec.opts()), (err: Error) => err instanceof UserError && err.message === `bad image d: blobs/sha256/${manifestDigest} named by the index is missing`);
});

test('a directory without oci-layout or index.json is not a layout', async (t) => {
  assert.equal(await isOciLayout(tempDir(t)), false);
});
