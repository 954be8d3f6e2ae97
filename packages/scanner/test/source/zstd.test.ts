import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_ZSTD_WINDOW, unzstd, ZstdFormatError } from '../../src/source/zstd.ts';
import { chunksOf, zstd } from './image-fixtures.ts';

async function decode(data: Buffer, chunk = 1000): Promise<{ out: Buffer; counted: number }> {
  let counted = 0;
  const parts: Uint8Array[] = [];
  for await (const c of unzstd(chunksOf(data, chunk), (n) => (counted += n))) parts.push(c);
  return { out: Buffer.concat(parts), counted };
}

const frameHeader = (windowByte: number) => Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, windowByte]);

test('decodes multi-frame streams with skippable frames, in any chunking', async () => {
  const text = Buffer.from('vigil '.repeat(50_000));
  const skippable = Buffer.concat([Buffer.from([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0]), Buffer.from('xyz')]);
  const data = Buffer.concat([zstd(text), skippable, zstd(Buffer.from('tail'))]);
  for (const chunk of [1, 333, 1 << 20]) {
    const { out, counted } = await decode(data, chunk);
    assert.equal(out.toString(), text.toString() + 'tail');
    assert.equal(counted, out.length);
  }
});

test('refuses windows beyond the reference decoder limit before allocating them', async () => {
  // Window descriptor exponent 18: 2^28 bytes.
  await assert.rejects(decode(frameHeader(18 << 3)), (err: Error) => err instanceof ZstdFormatError && /window of 268435456 bytes exceeds/.test(err.message));
  assert.equal(MAX_ZSTD_WINDOW, 128 * 1024 * 1024);
});

test('refuses blocks larger than the format allows (RLE expansion)', async () => {
  const size = 2 * 1024 * 1024 - 1;
  const header = (size << 3) | (1 << 1) | 1; // last block, RLE
  const block = Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, 0x41]);
  await assert.rejects(decode(Buffer.concat([frameHeader(10 << 3), block])), /block of 2097151 bytes exceeds/);
});

test('truncated and garbage input are format errors', async () => {
  const data = zstd(Buffer.from('x'.repeat(100_000) + Math.random()));
  await assert.rejects(decode(data.subarray(0, data.length - 5)), ZstdFormatError);
  await assert.rejects(decode(Buffer.from('definitely not zstd')), /invalid zstd frame magic/);
});
