/**
 * GNU sparse files in PAX format 1.0 (what `tar --format=posix --sparse` writes): the entry's data
 * starts with a text map (count, then offset/length pairs, one number per line, padded to 512
 * bytes) followed by the stored fragments; holes read as zeros.
 */

export interface SparseInfo {
  /** The real path (the header name is a `GNUSparseFile.<pid>/…` placeholder). */
  name: string;
  /** Size of the file once holes are filled. */
  realSize: number;
}

export type SparseEntry = { supported: true; info: SparseInfo } | { supported: false; name?: string };

/** Whether the PAX records describe a sparse file, and whether it is the format we expand. */
export function sparseEntryOf(pax: Record<string, string> | null | undefined): SparseEntry | undefined {
  if (!pax || !Object.keys(pax).some((key) => key.startsWith('GNU.sparse.'))) return undefined;
  const name = pax['GNU.sparse.name'];
  const realSize = Number(pax['GNU.sparse.realsize']);
  if (pax['GNU.sparse.major'] === '1' && pax['GNU.sparse.minor'] === '0' && name && Number.isSafeInteger(realSize) && realSize >= 0) {
    return { supported: true, info: { name, realSize } };
  }
  return { supported: false, name };
}

/** Rebuild the file from the stored map and fragments; throws on a map that does not fit. */
export function expandSparse(stored: Buffer, realSize: number): Buffer {
  let pos = 0;
  const nextNumber = (): number => {
    const end = stored.indexOf(0x0a, pos);
    if (end < 0 || end - pos > 20) throw new RangeError('bad sparse map');
    const text = stored.toString('latin1', pos, end);
    pos = end + 1;
    if (!/^\d+$/.test(text)) throw new RangeError('bad sparse map');
    return Number(text);
  };
  const count = nextNumber();
  // Each pair takes at least four bytes of map, which bounds the count by the data we hold.
  if (count > stored.length / 4) throw new RangeError('bad sparse map');
  const fragments: Array<[offset: number, length: number]> = [];
  for (let i = 0; i < count; i++) fragments.push([nextNumber(), nextNumber()]);
  let dataAt = Math.ceil(pos / 512) * 512;
  const out = Buffer.alloc(realSize);
  for (const [offset, length] of fragments) {
    if (offset + length > realSize || dataAt + length > stored.length) throw new RangeError('sparse fragment out of range');
    stored.copy(out, offset, dataAt, dataAt + length);
    dataAt += length;
  }
  return out;
}
