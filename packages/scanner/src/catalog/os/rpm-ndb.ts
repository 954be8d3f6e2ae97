/**
 * rpm's own "ndb" package store (Packages.db, default on SUSE): little-endian throughout.
 *   header (32 bytes): magic "RpmP", version 0, generation, slot page count, next package index
 *   slots (16 bytes each, filling the slot pages after the header): magic "Slot", package index,
 *     block offset, block count; a zero block offset marks a free slot
 *   blobs at block offset × 16: magic "BlbS", package index, timestamp, length, then the header
 */

const PKGDB_MAGIC = 0x506d7052; // "RpmP"
const SLOT_MAGIC = 0x746f6c53; // "Slot"
const BLOB_MAGIC = 0x53626c42; // "BlbS"
const HEADER_SIZE = 32;
const SLOT_SIZE = 16;
const BLK_SIZE = 16;
const PAGE_SIZE = 4096;
const BLOB_HEAD = 16;

export class NdbError extends Error {}

export function isNdb(buf: Buffer): boolean {
  return buf.length >= HEADER_SIZE && buf.readUInt32LE(0) === PKGDB_MAGIC;
}

export function* ndbBlobs(buf: Buffer): Generator<Buffer> {
  if (!isNdb(buf)) throw new NdbError('not an ndb package database');
  if (buf.readUInt32LE(4) !== 0) throw new NdbError(`unsupported ndb version ${buf.readUInt32LE(4)}`);
  const slotPages = buf.readUInt32LE(12);
  const slotsEnd = slotPages * PAGE_SIZE;
  if (slotPages === 0 || slotsEnd > buf.length) throw new NdbError('slot pages run past the end of the file');

  for (let at = HEADER_SIZE; at < slotsEnd; at += SLOT_SIZE) {
    if (buf.readUInt32LE(at) !== SLOT_MAGIC) throw new NdbError(`bad slot at offset ${at}`);
    const pkgIdx = buf.readUInt32LE(at + 4);
    const blkOff = buf.readUInt32LE(at + 8);
    const blkCnt = buf.readUInt32LE(at + 12);
    if (blkOff === 0) continue;
    const start = blkOff * BLK_SIZE;
    if (start < slotsEnd || start + blkCnt * BLK_SIZE > buf.length || blkCnt * BLK_SIZE < BLOB_HEAD) {
      throw new NdbError(`slot for package ${pkgIdx} points outside the file`);
    }
    if (buf.readUInt32LE(start) !== BLOB_MAGIC || buf.readUInt32LE(start + 4) !== pkgIdx) {
      throw new NdbError(`blob of package ${pkgIdx} is damaged`);
    }
    const len = buf.readUInt32LE(start + 12);
    if (BLOB_HEAD + len > blkCnt * BLK_SIZE) throw new NdbError(`blob of package ${pkgIdx} overruns its blocks`);
    yield buf.subarray(start + BLOB_HEAD, start + BLOB_HEAD + len);
  }
}
