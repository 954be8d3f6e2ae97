/**
 * Mach-O headers, 32/64-bit, either byte order, and universal ("fat") files, whose first
 * parseable slice is used: every slice of a Go universal binary carries the same build info.
 */
import { ByteView } from './byte-view.ts';
import { inFile, type Executable, type FileRange, type Mapping } from './executable.ts';

const MH_MAGIC = 0xfeedface;
const MH_MAGIC_64 = 0xfeedfacf;
const FAT_MAGIC = 0xcafebabe;
const LC_SEGMENT = 0x1;
const LC_SEGMENT_64 = 0x19;
const VM_PROT_WRITE = 0x2;
/** Go 1.13+ section for the build-info blob (in the __DATA segment). */
const BUILDINFO_SECTION = '__go_buildinfo';
/** Java class files share the fat magic; their "arch count" (a version number) is far larger. */
const MAX_FAT_ARCHS = 32;

export function parseMachO(buf: Buffer): Executable | undefined {
  const be = buf.readUInt32BE(0);
  if (be === FAT_MAGIC) return parseFat(buf);
  if (be === MH_MAGIC || be === MH_MAGIC_64) return parseThin(buf, 0, false);
  const le = buf.readUInt32LE(0);
  if (le === MH_MAGIC || le === MH_MAGIC_64) return parseThin(buf, 0, true);
  return undefined;
}

function parseFat(buf: Buffer): Executable | undefined {
  const count = buf.readUInt32BE(4);
  if (count === 0 || count > MAX_FAT_ARCHS) return undefined;
  for (let i = 0; i < count; i++) {
    const offset = buf.readUInt32BE(8 + i * 20 + 8);
    if (offset + 4 > buf.length) continue;
    const magic = buf.readUInt32BE(offset);
    const le = buf.readUInt32LE(offset);
    const thin =
      magic === MH_MAGIC || magic === MH_MAGIC_64
        ? parseThin(buf, offset, false)
        : le === MH_MAGIC || le === MH_MAGIC_64
          ? parseThin(buf, offset, true)
          : undefined;
    if (thin?.dataRanges.length) return thin;
  }
  return undefined;
}

/** One Mach-O image starting at `base`; its file offsets are relative to `base`. */
function parseThin(buf: Buffer, base: number, littleEndian: boolean): Executable {
  const v = new ByteView(buf, littleEndian);
  const is64 = v.u32(base) === MH_MAGIC_64;
  const ncmds = v.u32(base + 16);
  const mappings: Mapping[] = [];
  const buildInfo: FileRange[] = [];
  const writable: FileRange[] = [];
  let at = base + (is64 ? 32 : 28);
  for (let i = 0; i < ncmds; i++) {
    const cmd = v.u32(at);
    const size = v.u32(at + 4);
    if (size < 8) break;
    if (cmd === LC_SEGMENT_64 || cmd === LC_SEGMENT) {
      const seg = is64
        ? { addr: v.u64(at + 24), offset: v.u64(at + 40), size: v.u64(at + 48), prot: v.u32(at + 60), nsects: v.u32(at + 64), sects: at + 72 }
        : { addr: v.u32(at + 24), offset: v.u32(at + 32), size: v.u32(at + 36), prot: v.u32(at + 44), nsects: v.u32(at + 48), sects: at + 56 };
      if (seg.size > 0) mappings.push({ addr: seg.addr, offset: base + seg.offset, size: seg.size });
      const sectSize = is64 ? 80 : 68;
      for (let s = 0; s < seg.nsects; s++) {
        const sect = seg.sects + s * sectSize;
        if (v.name(sect, 16) !== BUILDINFO_SECTION) continue;
        const len = is64 ? v.u64(sect + 40) : v.u32(sect + 36);
        const off = v.u32(sect + (is64 ? 48 : 40));
        buildInfo.push({ offset: base + off, size: len });
      }
      if ((seg.prot & VM_PROT_WRITE) !== 0 && seg.size > 0) writable.push({ offset: base + seg.offset, size: seg.size });
    }
    at += size;
  }
  const dataRanges = (buildInfo.length ? buildInfo : writable).flatMap((r) => inFile(buf, r));
  return { format: 'macho', dataRanges, mappings };
}
