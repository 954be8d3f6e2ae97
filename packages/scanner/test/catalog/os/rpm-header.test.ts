import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRpmHeader, parseSourceRpm, RpmHeaderError } from '../../../src/catalog/os/rpm-header.ts';
import { rpmFixture } from './rpmdb-fixture.ts';

/** A header blob from (tag, type, value) entries; strings NUL-terminated, INT32 aligned. */
function header(entries: [number, 'string' | 'int32', string | number][]): Buffer {
  const index: Buffer[] = [];
  const data: Buffer[] = [];
  let size = 0;
  for (const [tag, kind, value] of entries) {
    if (kind === 'int32') {
      const pad = (4 - (size % 4)) % 4;
      data.push(Buffer.alloc(pad));
      size += pad;
    }
    const bytes = kind === 'string' ? Buffer.from(`${value}\0`) : Buffer.alloc(4);
    if (kind === 'int32') bytes.writeUInt32BE(Number(value));
    const e = Buffer.alloc(16);
    e.writeUInt32BE(tag, 0);
    e.writeUInt32BE(kind === 'string' ? 6 : 4, 4);
    e.writeUInt32BE(size, 8);
    e.writeUInt32BE(1, 12);
    index.push(e);
    data.push(bytes);
    size += bytes.length;
  }
  const pre = Buffer.alloc(8);
  pre.writeUInt32BE(entries.length, 0);
  pre.writeUInt32BE(size, 4);
  return Buffer.concat([pre, ...index, ...data]);
}

test('reads the package identity from a header rpm wrote', () => {
  const blobs = rpmFixture().rows.map((r) => parseRpmHeader(r.blob));
  const thing = blobs.find((h) => h.name === 'python3-vigil-thing');
  assert.deepEqual(thing, {
    name: 'python3-vigil-thing',
    version: '2.0~rc1',
    release: '0.3.fc39',
    epoch: 0,
    arch: 'x86_64',
    sourceRpm: 'python3-vigil-thing-2.0~rc1-0.3.fc39.src.rpm',
    license: 'Apache-2.0',
    modularityLabel: 'nodejs:18:8070020230306170042:8d442b57',
  });
  const part = blobs.find((h) => h.name === 'libvigil-part0');
  assert.equal(part?.epoch, 2);
  assert.equal(part?.vendor, 'Vigil Test');
  assert.equal(part?.sourceRpm, 'vigil-demo-1.2.3-4.el9.src.rpm');
});

test('decodes a hand-built header; a repeated tag takes its later value', () => {
  const h = parseRpmHeader(
    header([
      [1000, 'string', 'zlib'],
      [1001, 'string', '1.2.11'],
      [1002, 'string', '39.el9'],
      [1003, 'int32', 1],
      [1022, 'string', 'x86_64'],
      [1022, 'string', 'aarch64'],
    ]),
  );
  assert.deepEqual(h, { name: 'zlib', version: '1.2.11', release: '39.el9', epoch: 1, arch: 'aarch64' });
});

test('refuses headers that are short, empty, truncated or point outside their data', () => {
  const good = header([
    [1000, 'string', 'a'],
    [1001, 'string', '1'],
    [1002, 'string', '1'],
  ]);
  assert.throws(() => parseRpmHeader(Buffer.alloc(4)), RpmHeaderError);
  assert.throws(() => parseRpmHeader(Buffer.alloc(8)), RpmHeaderError); // il = 0
  assert.throws(() => parseRpmHeader(good.subarray(0, good.length - 1)), /truncated/);
  const outside = Buffer.from(good);
  outside.writeUInt32BE(1000, 8 + 8); // NAME's offset beyond the data store
  assert.throws(() => parseRpmHeader(outside), /outside the data/);
  const unterminated = Buffer.from(good);
  unterminated[unterminated.length - 1] = 0x41;
  assert.throws(() => parseRpmHeader(unterminated), /not terminated/);
  assert.throws(() => parseRpmHeader(header([[1000, 'string', 'a']])), /no name, version or release/);
});

test('source rpm names split at the last two dashes', () => {
  assert.deepEqual(parseSourceRpm('glibc-2.34-60.el9.src.rpm'), { name: 'glibc', version: '2.34-60.el9' });
  assert.deepEqual(parseSourceRpm('python-setuptools-53.0.0-12.el9.src.rpm'), {
    name: 'python-setuptools',
    version: '53.0.0-12.el9',
  });
  assert.deepEqual(parseSourceRpm('foo-1-1.nosrc.rpm'), { name: 'foo', version: '1-1' });
  assert.equal(parseSourceRpm('foo.src.rpm'), undefined);
  assert.equal(parseSourceRpm('foo-1-1.x86_64.rpm'), undefined);
});
