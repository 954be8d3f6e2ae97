import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteView } from '../../../src/catalog/golang/byte-view.ts';

const bytes = Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x2e, 0x67, 0x6f, 0x00, 0x78]);

test('reads integers in either byte order', () => {
  const le = new ByteView(bytes, true);
  const be = new ByteView(bytes, false);
  assert.equal(le.u16(0), 0x0201);
  assert.equal(be.u16(0), 0x0102);
  assert.equal(le.u32(0), 0x04030201);
  assert.equal(be.word(0, 4), 0x01020304);
  const word = Buffer.from([0x00, 0x10, 0x02, 0x03, 0x04, 0x05, 0x06, 0x00]);
  assert.equal(new ByteView(word, false).u64(0), 0x0010020304050600);
  assert.equal(new ByteView(word, true).word(0, 8), 0x06050403021000);
});

test('64-bit values beyond 2^53 and reads past the end throw RangeError', () => {
  const v = new ByteView(Buffer.alloc(8, 0xff), true);
  assert.throws(() => v.u64(0), RangeError);
  assert.throws(() => new ByteView(bytes, true).u32(12), RangeError);
});

test('names stop at NUL or at the maximum length', () => {
  const v = new ByteView(bytes, true);
  assert.equal(v.name(8, 16), '.go');
  assert.equal(v.name(8, 2), '.g');
  assert.equal(v.name(12, 16), 'x');
});
