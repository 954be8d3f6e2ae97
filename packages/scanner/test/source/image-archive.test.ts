import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '@vigil/schema';
import { walkImageArchive } from '../../src/source/image-archive.ts';
import type { ImageSelector } from '../../src/source/image-manifest.ts';
import {
  chunksOf, configOf, entriesOf, gzip, legacyArchiveEntries, ociLayoutFiles, recorder, sha256, tarOf, zstd,
  type Entry, type FixtureImage,
} from './image-fixtures.ts';

async function threeLayers(): Promise<FixtureImage> {
  return {
    repoTags: ['vigil/test:1'],
    layers: [
      { tar: await tarOf([{ name: 'etc/os-release', content: 'ID=one\n' }, { name: 'etc/passwd', content: 'root:x:0:0\n' }, { name: 'usr/share/a', content: 'a' }]), createdBy: 'ADD rootfs' },
      { tar: await tarOf([{ name: 'etc/.wh.passwd' }, { name: 'usr/.wh..wh..opq' }, { name: 'usr/bin/new', content: 'new' }]), createdBy: 'RUN cleanup' },
      { tar: await tarOf([{ name: 'etc/os-release', content: 'ID=three\n' }]), createdBy: 'COPY os-release' },
    ],
  };
}

async function walk(archive: Buffer, selector: ImageSelector = {}, over = {}) {
  const rec = recorder();
  const result = await walkImageArchive(chunksOf(archive, 10_000), { name: 'img.tar', selector, visitor: rec.visitor, opts: rec.opts(over) });
  return { ...rec, result };
}

const failsWith = (code: string, message: string | RegExp) => (err: Error) => {
  assert.ok(err instanceof UserError, `not a UserError: ${err.stack}`);
  assert.equal(err.code, code);
  if (typeof message === 'string') assert.equal(err.message, message);
  else assert.match(err.message, message);
  return true;
};

test('legacy docker-archive, manifest before or after the layers: files per layer key, whiteouts, history', async () => {
  const image = await threeLayers();
  const keys = image.layers.map((l) => `${sha256(l.tar)}/layer.tar`);
  for (const manifestFirst of [false, true]) {
    const { result, delivered } = await walk(await tarOf(legacyArchiveEntries([image], { manifestFirst })));
    assert.deepEqual(result.layers, [
      { key: keys[0], digest: `sha256:${sha256(image.layers[0].tar)}`, createdBy: 'ADD rootfs', whiteouts: [], opaqueDirs: [] },
      { key: keys[1], digest: `sha256:${sha256(image.layers[1].tar)}`, createdBy: 'RUN cleanup', whiteouts: ['etc/passwd'], opaqueDirs: ['usr'] },
      { key: keys[2], digest: `sha256:${sha256(image.layers[2].tar)}`, createdBy: 'COPY os-release', whiteouts: [], opaqueDirs: [] },
    ]);
    assert.deepEqual(delivered.map((d) => [d.key, d.path, d.content]), [
      [keys[0], 'etc/os-release', 'ID=one\n'],
      [keys[0], 'etc/passwd', 'root:x:0:0\n'],
      [keys[0], 'usr/share/a', 'a'],
      [keys[1], 'usr/bin/new', 'new'],
      [keys[2], 'etc/os-release', 'ID=three\n'],
    ]);
    assert.deepEqual(result.target, {
      kind: 'image',
      name: 'img.tar',
      imageId: `sha256:${sha256(configOf(image))}`,
      repoTags: ['vigil/test:1'],
      architecture: 'amd64',
      layers: result.layers.map((l) => ({ digest: l.digest, createdBy: l.createdBy })),
    });
  }
});

test('OCI-style docker-archive (Docker 25+) with gzip and zstd layers', async () => {
  const image = await threeLayers();
  image.layers[0].blob = gzip(image.layers[0].tar);
  image.layers[1].blob = zstd(image.layers[1].tar);
  const files = ociLayoutFiles([image], { dockerManifest: true });
  const { result, delivered } = await walk(await tarOf(entriesOf(files)));
  assert.deepEqual(result.layers.map((l) => l.key), image.layers.map((l) => `blobs/sha256/${sha256(l.blob ?? l.tar)}`));
  assert.deepEqual(result.layers.map((l) => l.digest), image.layers.map((l) => `sha256:${sha256(l.tar)}`));
  assert.deepEqual(result.layers[1].whiteouts, ['etc/passwd']);
  assert.equal(delivered.length, 5);
});

test('OCI image-layout tar, and the same archive gzipped as a whole', async () => {
  const image = await threeLayers();
  const tar = await tarOf(entriesOf(ociLayoutFiles([image])));
  for (const archive of [tar, gzip(tar)]) {
    const { result, delivered } = await walk(archive);
    assert.equal(result.layers.length, 3);
    assert.deepEqual(result.target.repoTags, ['vigil/test:1', '1']);
    assert.deepEqual(delivered.at(-1), { key: result.layers[2].key, path: 'etc/os-release', content: 'ID=three\n', info: { size: 9, mode: 0o644 } });
  }
});

test('layer paths that are links inside the archive resolve to the blob they name', async () => {
  const image = await threeLayers();
  const files = ociLayoutFiles([image]);
  const manifest = [{ Config: `blobs/sha256/${sha256(configOf(image))}`, RepoTags: [], Layers: image.layers.map((_, i) => `legacy${i}/layer.tar`) }];
  const links: Entry[] = image.layers.map((l, i) => ({ name: `legacy${i}/layer.tar`, type: 'symlink', linkname: `../blobs/sha256/${sha256(l.tar)}` }));
  const { result } = await walk(await tarOf([...links, ...entriesOf(files), { name: 'manifest.json', content: JSON.stringify(manifest) }]));
  assert.deepEqual(result.layers.map((l) => l.key), image.layers.map((l) => `blobs/sha256/${sha256(l.tar)}`));
});

test('multi-image archives: the tagged image is picked; a broken layer of another image does not matter', async () => {
  const image = await threeLayers();
  const other: FixtureImage = { repoTags: ['other:2'], layers: [{ tar: Buffer.from('not a tar, not gzip, just bytes'), blob: gzip(Buffer.from('garbage that is not a tar '.repeat(40))) }] };
  const archive = await tarOf(legacyArchiveEntries([other, image]));
  const { result } = await walk(archive, { tag: 'vigil/test:1' });
  assert.equal(result.layers.length, 3);
  await assert.rejects(walk(archive, { tag: 'other:2' }), failsWith('BAD_LAYER', /^truncated or corrupt tar in layer [0-9a-f]{64}\/layer.tar of img.tar: /));
  await assert.rejects(walk(archive, { tag: 'nope' }), failsWith('NOT_FOUND', 'no image tagged nope in img.tar; it has other:2, vigil/test:1'));
});

test('hostile archives fail with one-line UserErrors', async () => {
  const image = await threeLayers();
  const good = await tarOf(legacyArchiveEntries([image]));

  await assert.rejects(walk(good.subarray(0, 2000)), failsWith('BAD_IMAGE', 'truncated or corrupt archive img.tar: Unexpected end of data'));
  await assert.rejects(walk(good.subarray(0, good.length - 3000)), failsWith('BAD_IMAGE', /^truncated or corrupt archive img.tar/));
  await assert.rejects(walk(Buffer.from('just some text, not an archive\n'.repeat(40))), failsWith('BAD_IMAGE', 'not a docker-archive or OCI image: img.tar'));
  await assert.rejects(walk(await tarOf([{ name: 'etc/hosts', content: '127.0.0.1 localhost' }])), failsWith('BAD_IMAGE', 'not a docker-archive or OCI image: img.tar'));
  await assert.rejects(walk(await tarOf([{ name: '../evil', content: 'x' }, ...legacyArchiveEntries([image])])), failsWith('BAD_IMAGE', 'bad image img.tar: unsafe entry path "../evil"'));
  await assert.rejects(walk(await tarOf([{ name: '/abs/evil', content: 'x' }])), failsWith('BAD_IMAGE', 'bad image img.tar: unsafe entry path "/abs/evil"'));
  await assert.rejects(walk(await tarOf([{ name: 'manifest.json', content: '[]' }, { name: './manifest.json', content: '[]' }])), failsWith('BAD_IMAGE', 'bad image img.tar: duplicate entry manifest.json'));

  const entries = legacyArchiveEntries([image]);
  const withoutLayer = entries.filter((e) => e.name !== `${sha256(image.layers[1].tar)}/layer.tar`);
  await assert.rejects(walk(await tarOf(withoutLayer)), failsWith('BAD_IMAGE', `bad image img.tar: layer ${sha256(image.layers[1].tar)}/layer.tar named by the manifest is missing`));
  const manifest = JSON.parse(String(entries.at(-1)!.content));
  manifest[0].Layers[0] = 'notes.txt';
  const withText = [{ name: 'notes.txt', content: 'plain text, not a layer' }, ...entries.slice(0, -1), { name: 'manifest.json', content: JSON.stringify(manifest) }];
  await assert.rejects(walk(await tarOf(withText)), failsWith('BAD_IMAGE', 'bad image img.tar: layer notes.txt is not a tar, gzip or zstd blob'));
  const withoutConfig = entries.filter((e) => !e.name.endsWith('.json') || e.name === 'manifest.json');
  await assert.rejects(walk(await tarOf(withoutConfig)), failsWith('BAD_IMAGE', `bad image img.tar: ${sha256(configOf(image))}.json named by the manifest is missing`));
});

test('hostile layers: escaping entry names, corrupt gzip', async () => {
  const image = await threeLayers();
  image.layers[2].tar = await tarOf([{ name: '../../../etc/cron.d/evil', content: '* * * * * root sh' }]);
  await assert.rejects(walk(await tarOf(legacyArchiveEntries([image]))), failsWith('BAD_LAYER', /^unsafe entry path "..\/..\/..\/etc\/cron.d\/evil" in layer [0-9a-f]{64}\/layer.tar of img.tar$/));

  const corrupt = await threeLayers();
  const blob = gzip(corrupt.layers[0].tar);
  blob.fill(0x13, 12, 40);
  corrupt.layers[0].blob = blob;
  await assert.rejects(walk(await tarOf(legacyArchiveEntries([corrupt]))), failsWith('BAD_LAYER', /^corrupt gzip data in layer [0-9a-f]{64}\/layer.tar of img.tar: /));
});

test('a gzip bomb stops at maxDecompressedBytes', async () => {
  const zeros = await tarOf([{ name: 'zeros', content: Buffer.alloc(100 * 1024 * 1024) }]);
  const image: FixtureImage = { layers: [{ tar: zeros, blob: gzip(zeros) }] };
  const archive = await tarOf(legacyArchiveEntries([image]));
  assert.ok(archive.length < 1024 * 1024);
  const rec = recorder(() => false);
  await assert.rejects(
    walkImageArchive(chunksOf(archive, 65536), { name: 'bomb.tar', selector: {}, visitor: rec.visitor, opts: rec.opts({ maxDecompressedBytes: 10 * 1024 * 1024 }) }),
    failsWith('LIMIT', 'decompressed size exceeds 10485760 bytes (gzip bomb?)'),
  );
});
