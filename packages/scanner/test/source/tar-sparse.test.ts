import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandSparse, sparseEntryOf } from '../../src/source/tar-sparse.ts';
import { readTar } from '../../src/source/tar-reader.ts';
import { chunksOf, gnuSparseTar, tempDir } from './image-fixtures.ts';

test('PAX 1.0 sparse entries are recognised and expanded to the original bytes', async (t) => {
  const { tar, original } = gnuSparseTar(tempDir(t), '1.0');
  let checked = false;
  await readTar(chunksOf(tar), async (header, body) => {
    const sparse = sparseEntryOf(header.pax as Record<string, string>);
    assert.ok(sparse?.supported);
    assert.deepEqual(sparse.info, { name: 'holes.bin', realSize: original.length });
    assert.ok(header.size < 20_000);
    assert.ok(expandSparse(await body.readAll(), sparse.info.realSize).equals(original));
    checked = true;
  });
  assert.ok(checked);
});

test('older sparse formats are recognised as unsupported', async (t) => {
  const { tar } = gnuSparseTar(tempDir(t), '0.1');
  await readTar(chunksOf(tar), async (header) => {
    assert.deepEqual(sparseEntryOf(header.pax as Record<string, string>), { supported: false, name: 'holes.bin' });
  });
  assert.equal(sparseEntryOf({ mtime: '1' }), undefined);
  assert.equal(sparseEntryOf(null), undefined);
});

test('a sparse map pointing outside the file is refused', () => {
  const stored = Buffer.concat([Buffer.from('1\n100\n10\n'), Buffer.alloc(503), Buffer.alloc(10, 1)]);
  assert.throws(() => expandSparse(stored, 50), RangeError);
  assert.equal(expandSparse(stored, 110).subarray(100).toString('hex'), '01'.repeat(10));
  assert.throws(() => expandSparse(Buffer.from('x\n'), 10), RangeError);
});
