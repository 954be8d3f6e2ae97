import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BdbError, bdbEntries, isBerkeleyDb } from '../../../src/catalog/os/rpm-bdb.ts';

/** Key/value pairs of every size class: inline items, values spanning long overflow chains. */
const PAIRS = new Map<string, Buffer>(
  Array.from({ length: 120 }, (_, i) => {
    const size = i % 3 === 0 ? 3 : i % 3 === 1 ? 300 : 20_000 + i * 37;
    return [`key-${i}`, Buffer.from(Array.from({ length: size }, (_, j) => (i * 31 + j) & 0xff))] as const;
  }),
);

/** The pairs stored by Berkeley DB's own db5.3_load. */
function load(type: 'hash' | 'btree', pageSize: number, lorder: 1234 | 4321, checksum: boolean): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bdb-'));
  try {
    const lines = ['VERSION=3', 'format=bytevalue', `type=${type}`, 'HEADER=END'];
    for (const [k, v] of PAIRS) lines.push(` ${Buffer.from(k).toString('hex')}`, ` ${v.toString('hex')}`);
    lines.push('DATA=END', '');
    writeFileSync(join(dir, 'in.txt'), lines.join('\n'));
    const args = ['-t', type, '-c', `db_pagesize=${pageSize}`, '-c', `db_lorder=${lorder}`, '-c', `chksum=${checksum ? 1 : 0}`];
    execFileSync('db5.3_load', [...args, '-f', join(dir, 'in.txt'), join(dir, 'db')]);
    return readFileSync(join(dir, 'db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const asMap = (buf: Buffer) => new Map([...bdbEntries(buf)].map(({ key, value }) => [key.toString(), Buffer.from(value)]));

for (const [type, pageSize, lorder, checksum] of [
  ['hash', 512, 1234, false],
  ['hash', 4096, 4321, true],
  ['btree', 512, 4321, false],
  ['btree', 8192, 1234, true],
] as const) {
  test(`every pair of a ${type} db (${pageSize}-byte pages, lorder ${lorder}, checksum ${checksum}) comes back intact`, () => {
    const buf = load(type, pageSize, lorder, checksum);
    assert.ok(isBerkeleyDb(buf));
    assert.deepEqual(asMap(buf), PAIRS);
  });
}

test('files that are not Berkeley DB, or are damaged, are refused with BdbError', () => {
  assert.equal(isBerkeleyDb(Buffer.alloc(4096)), false);
  assert.throws(() => [...bdbEntries(Buffer.alloc(4096))], BdbError);

  const buf = load('hash', 512, 1234, false);
  const badPageSize = Buffer.from(buf);
  badPageSize.writeUInt32LE(1000, 20);
  assert.throws(() => [...bdbEntries(badPageSize)], /bad page size/);

  const encrypted = Buffer.from(buf);
  encrypted[24] = 1;
  assert.throws(() => [...bdbEntries(encrypted)], /encrypted/);

  // Cut mid-way: some overflow chain now leads past the end of the file.
  assert.throws(() => [...bdbEntries(buf.subarray(0, buf.length >> 1))], BdbError);
});

test('an overflow chain that loops is refused instead of followed forever', () => {
  const buf = Buffer.from(load('btree', 512, 1234, false));
  // Point every overflow page's next link at itself.
  for (let page = 512; page < buf.length; page += 512) {
    if (buf[page + 25] === 7) buf.writeUInt32LE(page / 512, page + 16);
  }
  assert.throws(() => [...bdbEntries(buf)], /overflow/);
});
