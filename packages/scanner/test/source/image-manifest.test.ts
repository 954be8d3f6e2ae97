import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '@vigil/schema';
import { MissingMetadata, planImage } from '../../src/source/image-manifest.ts';
import { configOf, legacyArchiveEntries, ociLayoutFiles, sha256, type FixtureImage } from './image-fixtures.ts';

const image = (tag: string, n: number, architecture = 'amd64'): FixtureImage => ({
  repoTags: [tag],
  architecture,
  layers: Array.from({ length: n }, (_, i) => ({ tar: Buffer.from(`${tag}-${i}`), createdBy: `RUN step ${i}` })),
});

const reader = (files: Map<string, Buffer>) => (path: string) => files.get(path);
const legacyFiles = (images: FixtureImage[]) =>
  new Map(legacyArchiveEntries(images).filter((e) => e.content !== undefined).map((e) => [e.name, Buffer.from(e.content!)]));

test('docker manifest.json: first image by default, or the one with the tag', () => {
  const images = [image('one:1', 2), image('two:2', 1)];
  const files = legacyFiles(images);
  const first = planImage(reader(files), 'a.tar', {})!;
  assert.equal(first.imageId, `sha256:${sha256(configOf(images[0]))}`);
  assert.deepEqual(first.repoTags, ['one:1']);
  assert.equal(first.architecture, 'amd64');
  assert.deepEqual(first.layers, images[0].layers.map((l, i) => ({ path: `${sha256(l.tar)}/layer.tar`, diffId: `sha256:${sha256(l.tar)}`, createdBy: `RUN step ${i}` })));
  assert.deepEqual(planImage(reader(files), 'a.tar', { tag: 'two:2' })!.repoTags, ['two:2']);
  assert.deepEqual(planImage(reader(files), 'a.tar', { tag: '2' })!.repoTags, ['two:2']);
  assert.throws(() => planImage(reader(files), 'a.tar', { tag: 'three' }), (err: Error) =>
    err instanceof UserError && err.message === 'no image tagged three in a.tar; it has one:1, two:2');
});

test('OCI index: tag from annotations; manifest and config followed by digest', () => {
  const images = [image('docker.io/library/one:1', 1), image('docker.io/library/two:2', 2)];
  const files = ociLayoutFiles(images);
  const plan = planImage(reader(files), 'dir', { tag: 'two:2' })!;
  assert.equal(plan.layers.length, 2);
  assert.deepEqual(plan.repoTags, ['docker.io/library/two:2', '2']);
  assert.equal(plan.layers[1].path, `blobs/sha256/${sha256(images[1].layers[1].tar)}`);
  assert.equal(planImage(reader(new Map()), 'x', {}), undefined);
});

test('a metadata file that is not there yet is MissingMetadata', () => {
  const files = ociLayoutFiles([image('a:1', 1)]);
  const index = files.get('index.json')!;
  assert.throws(() => planImage(reader(new Map([['index.json', index]])), 'x', {}), MissingMetadata);
});

/** An index of per-platform manifests (with an attestation), as buildx pushes them. */
function multiPlatform(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const manifests = [['linux', 'arm64', 'v8'], ['linux', 'amd64'], ['unknown', 'unknown']].map(([os, architecture, variant]) => {
    const single = ociLayoutFiles([image(`x:${architecture}`, 1, architecture)]);
    const inner = JSON.parse(single.get('index.json')!.toString()).manifests[0];
    for (const [k, v] of single) if (k.startsWith('blobs/')) files.set(k, v);
    return { ...inner, platform: { os, architecture, ...(variant ? { variant } : {}) } };
  });
  const nested = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
  files.set(`blobs/sha256/${sha256(nested)}`, nested);
  files.set('index.json', Buffer.from(JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: `sha256:${sha256(nested)}`, annotations: { 'io.containerd.image.name': 'docker.io/library/x:multi' } }],
  })));
  return files;
}

test('nested index: linux/amd64 by default, another platform on request, an absent one refused', () => {
  const files = multiPlatform();
  assert.equal(planImage(reader(files), 'x', {})!.architecture, 'amd64');
  assert.deepEqual(planImage(reader(files), 'x', {})!.repoTags, ['docker.io/library/x:multi']);
  assert.equal(planImage(reader(files), 'x', { platform: 'linux/arm64' })!.architecture, 'arm64');
  assert.throws(() => planImage(reader(files), 'x', { platform: 'linux/s390x' }), /no linux\/s390x image in x \(it has linux\/arm64\/v8, linux\/amd64\)/);
});

test('hostile or inconsistent metadata is a BAD_IMAGE UserError', () => {
  const files = legacyFiles([image('a:1', 2)]);
  const bad = (mutate: (m: Array<Record<string, unknown>>) => void) => {
    const manifest = JSON.parse(files.get('manifest.json')!.toString());
    mutate(manifest);
    return new Map([...files, ['manifest.json', Buffer.from(JSON.stringify(manifest))]]);
  };
  const isBad = (pattern: RegExp) => (err: Error) => err instanceof UserError && err.code === 'BAD_IMAGE' && pattern.test(err.message);
  assert.throws(() => planImage(reader(bad((m) => m[0].Layers = ['../../etc/passwd', 'x'])), 'a.tar', {}), isBad(/^bad image a.tar: unsafe path "..\/..\/etc\/passwd"/));
  assert.throws(() => planImage(reader(bad((m) => (m[0].Layers as string[]).pop())), 'a.tar', {}), isBad(/lists 2 layer digests for 1 layers/));
  assert.throws(() => planImage(reader(new Map([['manifest.json', Buffer.from('{not json')]])), 'a.tar', {}), isBad(/invalid JSON in manifest.json/));
  const index = Buffer.from(JSON.stringify({ manifests: [{ digest: 'sha256:../../../etc/passwd' }] }));
  assert.throws(() => planImage(reader(new Map([['index.json', index]])), 'd', {}), isBad(/invalid digest/));
});

test('index chains deeper than any real image are refused', () => {
  const files = ociLayoutFiles([image('deep:1', 1)]);
  let top = JSON.parse(files.get('index.json')!.toString()).manifests[0];
  for (let i = 0; i < 5; i++) {
    const wrapper = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [top] }));
    files.set(`blobs/sha256/${sha256(wrapper)}`, wrapper);
    top = { mediaType: 'application/vnd.oci.image.index.v1+json', digest: `sha256:${sha256(wrapper)}` };
  }
  files.set('index.json', Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [top] })));
  assert.throws(() => planImage(reader(files), 'deep', {}), /^UserError: bad image deep: image indexes nested too deep$/m);
});
