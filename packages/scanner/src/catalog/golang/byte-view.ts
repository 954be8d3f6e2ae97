/**
 * Endian-aware integer reads over a buffer, for object-file headers. Out-of-range reads throw a
 * RangeError (Buffer's own), which the format parsers treat as "not a well-formed file".
 */
export class ByteView {
  constructor(
    readonly buf: Buffer,
    readonly littleEndian: boolean,
  ) {}

  u16(offset: number): number {
    return this.littleEndian ? this.buf.readUInt16LE(offset) : this.buf.readUInt16BE(offset);
  }

  u32(offset: number): number {
    return this.littleEndian ? this.buf.readUInt32LE(offset) : this.buf.readUInt32BE(offset);
  }

  /** A 64-bit field; values beyond 2^53 cannot be file offsets or mapped addresses we can use. */
  u64(offset: number): number {
    const v = this.littleEndian ? this.buf.readBigUInt64LE(offset) : this.buf.readBigUInt64BE(offset);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('64-bit value out of range');
    return Number(v);
  }

  /** A 4- or 8-byte word. */
  word(offset: number, size: 4 | 8): number {
    return size === 8 ? this.u64(offset) : this.u32(offset);
  }

  /** NUL-terminated ASCII name of at most `max` bytes. */
  name(offset: number, max: number): string {
    const end = Math.min(offset + max, this.buf.length);
    const nul = this.buf.indexOf(0, offset);
    return this.buf.toString('latin1', offset, nul >= 0 && nul < end ? nul : end);
  }
}
