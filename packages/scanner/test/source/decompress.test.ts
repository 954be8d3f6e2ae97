import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '@vigil/schema';
import { CorruptDataError, decompress, DecompressionBudget, sniffCompression } from '../../src/source/decompress.ts';
import { chunksOf, gzip, zstd } from './image-fixtures.ts';

async function all(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of source) parts.push(c);
  return Buffer.concat(parts);
}

const text = Buffer.from('layer bytes '.repeat(10_000));

test('sniffs gzip, zstd and anything else by magic number', () => {
  assert.equal(sniffCompression(gzip(text)), 'gzip');
  assert.equal(sniffCompression(zstd(text)), 'zstd');
  assert.equal(sniffCompression(text), 'none');
  assert.equal(sniffCompression(new Uint8Array([0x1f])), 'none');
});

test('decompresses gzip and zstd, charging the budget', async () => {
  for (const [kind, data] of [['gzip', gzip(text)], ['zstd', zstd(text)], ['none', text]] as const) {
    const budget = new DecompressionBudget(1 << 30);
    assert.deepEqual(await all(decompress(chunksOf(data), kind, budget, 'blob')), text);
    assert.equal(budget.used, kind === 'none' ? 0 : text.length);
  }
});

test('corrupt and truncated streams are CorruptDataErrors naming the blob', async () => {
  const bad = gzip(text);
  bad.fill(0x55, 20, 60);
  await assert.rejects(all(decompress(chunksOf(bad), 'gzip', new DecompressionBudget(1 << 30), 'layer X')), (err: Error) => err instanceof CorruptDataError && err.message.startsWith('corrupt gzip data in layer X'));
  const cut = gzip(text).subarray(0, 100);
  await assert.rejects(all(decompress(chunksOf(cut), 'gzip', new DecompressionBudget(1 << 30), 'layer X')), CorruptDataError);
  const z = zstd(text);
  await assert.rejects(all(decompress(chunksOf(z.subarray(0, z.length - 3)), 'zstd', new DecompressionBudget(1 << 30), 'layer Z')), /corrupt zstd data in layer Z/);
});

test('a bomb stops at the budget with a LIMIT error', async () => {
  const zeros = Buffer.alloc(20 * 1024 * 1024);
  for (const [kind, data] of [['gzip', gzip(zeros)], ['zstd', zstd(zeros)]] as const) {
    await assert.rejects(all(decompress(chunksOf(data, 65536), kind, new DecompressionBudget(1024 * 1024), 'b')), (err: Error) =>
      err instanceof UserError && err.code === 'LIMIT' && err.message === 'decompressed size exceeds 1048576 bytes (gzip bomb?)');
  }
});

test('errors of the source pass through unchanged', async () => {
  const boom = new Error('source failed');
  async function* failing() {
    yield gzip(text).subarray(0, 50);
    throw boom;
  }
  await assert.rejects(all(decompress(failing(), 'gzip', new DecompressionBudget(1 << 30), 'b')), (err) => err === boom);
});
