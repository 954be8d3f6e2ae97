/**
 * Builds minimal ELF files holding a Go build-info blob, for the formats no available toolchain
 * produces any more (the pointer-based layout of Go 1.13–1.17) and for byte orders and word sizes
 * without a real fixture. One PT_LOAD segment maps the whole file at BASE_ADDR.
 */
export const BASE_ADDR = 0x400000;
const BLOB_OFFSET = 0x100;
const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const SENTINEL = Buffer.alloc(16, 0x5a);

export interface SyntheticElf {
  is64: boolean;
  littleEndian: boolean;
  goVersion: string;
  /** Modinfo text; wrapped in sentinels as the linker does. */
  modinfo: string;
  /** Go 1.18+ inline strings instead of pointers. */
  inline?: boolean;
  /** Leave out the section table (as sstrip does); the segment is then marked writable. */
  noSections?: boolean;
  /** Name for the blob's section (default `.go.buildinfo`). */
  sectionName?: string;
}

export function syntheticElf(o: SyntheticElf): Buffer {
  const ptr = o.is64 ? 8 : 4;
  const mod = Buffer.concat([SENTINEL, Buffer.from(o.modinfo), SENTINEL]);
  const version = Buffer.from(o.goVersion);
  const buf = Buffer.alloc(0x1000 + mod.length + version.length);
  const w = {
    u16: (v: number, at: number) => (o.littleEndian ? buf.writeUInt16LE(v, at) : buf.writeUInt16BE(v, at)),
    u32: (v: number, at: number) => (o.littleEndian ? buf.writeUInt32LE(v, at) : buf.writeUInt32BE(v, at)),
    word: (v: number, at: number) =>
      ptr === 8 ? (o.littleEndian ? buf.writeBigUInt64LE(BigInt(v), at) : buf.writeBigUInt64BE(BigInt(v), at)) : w.u32(v, at),
  };

  // Blob: header, then (pointer format) two string headers and the string bytes.
  MAGIC.copy(buf, BLOB_OFFSET);
  buf[BLOB_OFFSET + 14] = ptr;
  buf[BLOB_OFFSET + 15] = (o.inline ? 2 : 0) | (o.littleEndian ? 0 : 1);
  const dataAt = BLOB_OFFSET + 0x200;
  if (o.inline) {
    let at = BLOB_OFFSET + 32;
    for (const s of [version, mod]) {
      at = writeUvarint(buf, s.length, at);
      s.copy(buf, at);
      at += s.length;
    }
  } else {
    const hdrAt = BLOB_OFFSET + 0x40;
    version.copy(buf, dataAt);
    mod.copy(buf, dataAt + version.length);
    w.word(BASE_ADDR + hdrAt, BLOB_OFFSET + 16);
    w.word(BASE_ADDR + hdrAt + 2 * ptr, BLOB_OFFSET + 16 + ptr);
    w.word(BASE_ADDR + dataAt, hdrAt);
    w.word(version.length, hdrAt + ptr);
    w.word(BASE_ADDR + dataAt + version.length, hdrAt + 2 * ptr);
    w.word(mod.length, hdrAt + 3 * ptr);
  }

  // Section name table and section headers at the end.
  const names = Buffer.from(`\0${o.sectionName ?? '.go.buildinfo'}\0.shstrtab\0`);
  const strtabAt = dataAt + version.length + mod.length;
  names.copy(buf, strtabAt);
  const shAt = (strtabAt + names.length + 7) & ~7;
  const shent = o.is64 ? 0x40 : 0x28;
  const sections = [
    { name: 0, type: 0, offset: 0, size: 0 },
    { name: 1, type: 1, offset: BLOB_OFFSET, size: 0x200 },
    { name: names.indexOf('.shstrtab'), type: 3, offset: strtabAt, size: names.length },
  ];
  if (!o.noSections) {
    sections.forEach((s, i) => {
      const at = shAt + i * shent;
      w.u32(s.name, at);
      w.u32(s.type, at + 4);
      if (o.is64) {
        w.word(s.offset, at + 0x18);
        w.word(s.size, at + 0x20);
      } else {
        w.u32(s.offset, at + 0x10);
        w.u32(s.size, at + 0x14);
      }
    });
  }

  // ELF header and one program header.
  buf.write('\x7fELF', 0, 'latin1');
  buf[4] = o.is64 ? 2 : 1;
  buf[5] = o.littleEndian ? 1 : 2;
  buf[6] = 1;
  const phAt = o.is64 ? 0x40 : 0x34;
  const shnum = o.noSections ? 0 : sections.length;
  if (o.is64) {
    w.word(phAt, 0x20);
    w.word(o.noSections ? 0 : shAt, 0x28);
    w.u16(0x38, 0x36);
    w.u16(1, 0x38);
    w.u16(shent, 0x3a);
    w.u16(shnum, 0x3c);
    w.u16(o.noSections ? 0 : 2, 0x3e);
    w.u32(1, phAt);
    w.u32(o.noSections ? 6 : 4, phAt + 4);
    w.word(0, phAt + 8);
    w.word(BASE_ADDR, phAt + 0x10);
    w.word(buf.length, phAt + 0x20);
  } else {
    w.u32(phAt, 0x1c);
    w.u32(o.noSections ? 0 : shAt, 0x20);
    w.u16(0x20, 0x2a);
    w.u16(1, 0x2c);
    w.u16(shent, 0x2e);
    w.u16(shnum, 0x30);
    w.u16(o.noSections ? 0 : 2, 0x32);
    w.u32(1, phAt);
    w.u32(0, phAt + 4);
    w.u32(BASE_ADDR, phAt + 8);
    w.u32(buf.length, phAt + 0x10);
    w.u32(o.noSections ? 6 : 4, phAt + 0x18);
  }
  return buf;
}

function writeUvarint(buf: Buffer, value: number, at: number): number {
  let v = value;
  while (v >= 0x80) {
    buf[at++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[at++] = v;
  return at;
}
