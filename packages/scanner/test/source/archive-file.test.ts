import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '@vigil/schema';
import { openArchiveFile } from '../../src/source/archive-file.ts';
import { gzip, legacyArchiveEntries, recorder, tarOf, tempDir, zstd } from './image-fixtures.ts';

test('plain, gzip and zstd archive files walk alike, with progress against the file size', async (t) => {
  const dir = tempDir(t);
  const tar = await tarOf(legacyArchiveEntries([{ layers: [{ tar: await tarOf([{ name: 'etc/os-release', content: 'ID=file\n' }]) }] }]));
  for (const [name, data] of [['a.tar', tar], ['a.tar.gz', gzip(tar)], ['a.tar.zst', zstd(tar)]] as const) {
    const file = join(dir, name);
    writeFileSync(file, data);
    const rec = recorder();
    const progress: Array<[number, number | undefined]> = [];
    const result = await (await openArchiveFile(file, name, {}, rec.opts())).walk({ ...rec.visitor, progress: (d, total) => progress.push([d, total]) });
    assert.equal(result.target.name, name);
    assert.deepEqual(rec.delivered.map((d) => d.content), ['ID=file\n']);
    assert.deepEqual(progress.at(-1), [data.length, data.length]);
  }
});

test('files that cannot be an archive are refused before the walk', async (t) => {
  const dir = tempDir(t);
  const cases: Array<[string, string | Buffer]> = [['notes.txt', 'hello, not an image\n'], ['empty.tar', ''], ['short.tar', Buffer.alloc(100)]];
  for (const [name, content] of cases) {
    writeFileSync(join(dir, name), content);
    await assert.rejects(openArchiveFile(join(dir, name), name, {}, recorder().opts()), (err: Error) =>
      err instanceof UserError && err.code === 'BAD_IMAGE' && err.message === `not a docker-archive or OCI image: ${name}`);
  }
  await assert.rejects(openArchiveFile(dir, 'somedir', {}, recorder().opts()), /not a docker-archive or OCI image: somedir/);
});
