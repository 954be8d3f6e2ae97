/**
 * A read-only walker over a Berkeley DB file (hash or btree access method), enough to list the
 * key/value pairs rpm stores in var/lib/rpm/Packages. Leaf pages are visited in file order; free
 * pages are typed P_INVALID and so never visited. Integers are in the byte order the file's meta
 * page declares (db_lorder); values larger than a page live on chains of overflow pages.
 *
 * Layout (db_page.h): page header {lsn:8 pgno:4 prev:4 next:4 entries:2 hf_offset:2 level:1
 * type:1}, then (when checksums are on) 6 bytes of checksum, then the item index growing up while
 * items grow down from the end of the page.
 */

const HASH_MAGIC = 0x061561;
const BTREE_MAGIC = 0x053162;

const P_HASH_UNSORTED = 2;
const P_LBTREE = 5;
const P_OVERFLOW = 7;
const P_HASH = 13;

// Hash items: type byte first.
const H_KEYDATA = 1;
const H_OFFPAGE = 3;
// Btree items: {len:2 type:1 …}; the high type bit marks a deleted item.
const B_KEYDATA = 1;
const B_OVERFLOW = 3;
const B_DELETE = 0x80;

const PAGE_HEADER = 26;
const CHECKSUM_SIZE = 6; // PG_CHKSUM: 2 bytes of alignment, then a 4-byte hash
const DBMETA_CHKSUM = 0x01;

export class BdbError extends Error {}

export interface BdbEntry {
  key: Buffer;
  value: Buffer;
}

export function isBerkeleyDb(buf: Buffer): boolean {
  if (buf.length < 512) return false;
  const magic = [buf.readUInt32LE(12), buf.readUInt32BE(12)];
  return magic.includes(HASH_MAGIC) || magic.includes(BTREE_MAGIC);
}

export function* bdbEntries(buf: Buffer): Generator<BdbEntry> {
  if (!isBerkeleyDb(buf)) throw new BdbError('not a Berkeley DB file');
  const le = buf.readUInt32LE(12) === HASH_MAGIC || buf.readUInt32LE(12) === BTREE_MAGIC;
  const u32 = (at: number) => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const u16 = (at: number) => (le ? buf.readUInt16LE(at) : buf.readUInt16BE(at));

  const pageSize = u32(20);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    throw new BdbError(`bad page size ${pageSize}`);
  }
  if (buf[24] !== 0) throw new BdbError('encrypted database');
  const overhead = PAGE_HEADER + (buf[26] & DBMETA_CHKSUM ? CHECKSUM_SIZE : 0);
  const pages = Math.floor(buf.length / pageSize);

  const overflow = (pgno: number, total: number): Buffer => {
    const parts: Buffer[] = [];
    const seen = new Set<number>(); // a damaged file may link a chain into a loop
    let got = 0;
    while (got < total) {
      if (pgno === 0 || pgno >= pages || seen.has(pgno)) throw new BdbError('broken overflow chain');
      seen.add(pgno);
      const page = pgno * pageSize;
      if (buf[page + 25] !== P_OVERFLOW) throw new BdbError(`page ${pgno} is not an overflow page`);
      const len = Math.min(u16(page + 22), pageSize - overhead, total - got);
      parts.push(buf.subarray(page + overhead, page + overhead + len));
      got += len;
      pgno = u32(page + 16);
    }
    return Buffer.concat(parts, total);
  };

  const hashItem = (at: number, end: number): Buffer | undefined => {
    switch (buf[at]) {
      case H_KEYDATA:
        return buf.subarray(at + 1, end);
      case H_OFFPAGE:
        return overflow(u32(at + 4), u32(at + 8));
      default:
        return undefined; // duplicate sets: rpm's Packages has unique keys
    }
  };

  const btreeItem = (at: number, pageEnd: number): Buffer | undefined => {
    const type = buf[at + 2];
    if (type & B_DELETE) return undefined;
    if (type === B_KEYDATA) {
      const end = at + 3 + u16(at);
      if (end > pageEnd) throw new BdbError('btree item runs past its page');
      return buf.subarray(at + 3, end);
    }
    if (type === B_OVERFLOW) return overflow(u32(at + 4), u32(at + 8));
    return undefined;
  };

  for (let pgno = 1; pgno < pages; pgno++) {
    const page = pgno * pageSize;
    const type = buf[page + 25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED && type !== P_LBTREE) continue;
    const entries = u16(page + 20);
    if (overhead + entries * 2 > pageSize) throw new BdbError(`page ${pgno} has too many entries`);
    const offset = (i: number) => {
      const o = u16(page + overhead + i * 2);
      if (o < overhead + entries * 2 || o >= pageSize) throw new BdbError(`page ${pgno} item ${i} out of bounds`);
      return page + o;
    };
    for (let i = 0; i + 1 < entries; i += 2) {
      let key: Buffer | undefined;
      let value: Buffer | undefined;
      if (type === P_LBTREE) {
        key = btreeItem(offset(i), page + pageSize);
        value = btreeItem(offset(i + 1), page + pageSize);
      } else {
        // Hash items are packed down from the page end: an item ends where the previous begins.
        const end = (j: number) => (j === 0 ? page + pageSize : offset(j - 1));
        key = hashItem(offset(i), end(i));
        value = hashItem(offset(i + 1), end(i + 1));
      }
      if (key && value) yield { key, value };
    }
  }
}
