import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '@vigil/schema';
import { openImageSource } from '../../src/source/index.ts';
import { entriesOf, legacyArchiveEntries, ociLayoutFiles, recorder, tarOf, tempDir, writeTree, type FixtureImage } from './image-fixtures.ts';

async function images(): Promise<FixtureImage[]> {
  return [
    { repoTags: ['first:1'], layers: [{ tar: await tarOf([{ name: 'etc/os-release', content: 'ID=first\n' }]) }] },
    { repoTags: ['second:2'], layers: [{ tar: await tarOf([{ name: 'etc/os-release', content: 'ID=second\n' }]) }] },
  ];
}

const isUserError = (code: string, message: string) => (err: Error) => err instanceof UserError && err.code === code && err.message === message;

test('an archive file, optionally with :tag (tags may hold colons)', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'two.tar');
  writeFileSync(file, await tarOf(legacyArchiveEntries(await images())));
  for (const [ref, id] of [[file, 'ID=first\n'], [`${file}:second:2`, 'ID=second\n'], [`${file}:2`, 'ID=second\n']]) {
    const rec = recorder();
    const result = await (await openImageSource(ref, rec.opts())).walk(rec.visitor);
    assert.equal(result.target.name, ref);
    const keys = new Set(result.layers.map((l) => l.key));
    assert.deepEqual(rec.delivered.filter((d) => keys.has(d.key)).map((d) => d.content), [id]);
  }
});

test('an OCI layout directory, optionally with :tag', async (t) => {
  const dir = writeTree(tempDir(t), ociLayoutFiles(await images()));
  const rec = recorder();
  const result = await (await openImageSource(`${dir}:second:2`, rec.opts())).walk(rec.visitor);
  assert.deepEqual(result.target.repoTags, ['second:2', '2']);
  assert.deepEqual(rec.delivered.map((d) => d.content), ['ID=second\n']);
});

test('missing paths, non-image files and plain directories are UserErrors', async (t) => {
  const dir = tempDir(t);
  const opts = recorder().opts();
  await assert.rejects(openImageSource(join(dir, 'missing.tar'), opts), isUserError('ENOENT', `no such file or directory: ${join(dir, 'missing.tar')}`));
  await assert.rejects(openImageSource('./missing-image.tar', opts), isUserError('ENOENT', 'no such file or directory: ./missing-image.tar'));
  writeFileSync(join(dir, 'notes.txt'), 'hello, I am not an image\n');
  await assert.rejects(openImageSource(join(dir, 'notes.txt'), opts), isUserError('BAD_IMAGE', `not a docker-archive or OCI image: ${join(dir, 'notes.txt')}`));
  await assert.rejects(openImageSource(dir, opts), isUserError('BAD_IMAGE', `not a docker-archive or OCI image: ${dir}`));
  const tarOfFiles = join(dir, 'files.tar');
  writeFileSync(tarOfFiles, await tarOf(entriesOf(new Map([['etc/hosts', Buffer.from('127.0.0.1 localhost\n')]]))));
  const rec = recorder();
  await assert.rejects((await openImageSource(tarOfFiles, rec.opts())).walk(rec.visitor), isUserError('BAD_IMAGE', `not a docker-archive or OCI image: ${tarOfFiles}`));
});

test('anything else is an image name for the Docker daemon', async (t) => {
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock';
  t.after(() => (saved === undefined ? delete process.env.DOCKER_HOST : (process.env.DOCKER_HOST = saved)));
  await assert.rejects(openImageSource('alpine:3.19', recorder().opts()), isUserError('DOCKER_UNREACHABLE', 'Docker daemon unreachable at unix:///nonexistent/docker.sock (ENOENT)'));
});
