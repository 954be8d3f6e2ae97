/**
 * ELF (System V ABI) headers, 32/64-bit, either byte order: section names and file ranges, and
 * the loadable segments for address translation.
 */
import { ByteView } from './byte-view.ts';
import { inFile, type Executable, type FileRange, type Mapping } from './executable.ts';

const PT_LOAD = 1;
const PF_W = 2;
const SHT_NOBITS = 8;
/** Section Go's linker (1.13+) reserves for the build-info blob. */
const BUILDINFO_SECTION = '.go.buildinfo';

interface Layout {
  phoff: number;
  shoff: number;
  phentsize: number;
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

export function parseElf(buf: Buffer): Executable | undefined {
  const is64 = buf[4] === 2;
  if (buf[4] !== 1 && !is64) return undefined;
  if (buf[5] !== 1 && buf[5] !== 2) return undefined;
  const v = new ByteView(buf, buf[5] === 1);
  const layout: Layout = is64
    ? { phoff: v.u64(0x20), shoff: v.u64(0x28), phentsize: v.u16(0x36), phnum: v.u16(0x38), shentsize: v.u16(0x3a), shnum: v.u16(0x3c), shstrndx: v.u16(0x3e) }
    : { phoff: v.u32(0x1c), shoff: v.u32(0x20), phentsize: v.u16(0x2a), phnum: v.u16(0x2c), shentsize: v.u16(0x2e), shnum: v.u16(0x30), shstrndx: v.u16(0x32) };

  const segments = readSegments(v, layout, is64);
  const mappings: Mapping[] = segments.map(({ addr, offset, size }) => ({ addr, offset, size }));
  const section = findSection(v, layout, is64, BUILDINFO_SECTION);
  let dataRanges: FileRange[];
  if (section) dataRanges = inFile(buf, section);
  else if (layout.shnum === 0) {
    // Section headers stripped (sstrip, some packers): Go's blob sits at the start of the first
    // writable load segment.
    dataRanges = segments.filter((s) => s.writable).flatMap((s) => inFile(buf, s));
  } else dataRanges = [];
  return { format: 'elf', dataRanges, mappings };
}

function readSegments(v: ByteView, l: Layout, is64: boolean): (Mapping & { writable: boolean })[] {
  const out: (Mapping & { writable: boolean })[] = [];
  if (l.phoff === 0 || l.phentsize < (is64 ? 0x38 : 0x20)) return out;
  for (let i = 0; i < l.phnum; i++) {
    const at = l.phoff + i * l.phentsize;
    if (v.u32(at) !== PT_LOAD) continue;
    const seg = is64
      ? { offset: v.u64(at + 8), addr: v.u64(at + 0x10), size: v.u64(at + 0x20), flags: v.u32(at + 4) }
      : { offset: v.u32(at + 4), addr: v.u32(at + 8), size: v.u32(at + 0x10), flags: v.u32(at + 0x18) };
    out.push({ offset: seg.offset, addr: seg.addr, size: seg.size, writable: (seg.flags & PF_W) !== 0 });
  }
  return out;
}

function findSection(v: ByteView, l: Layout, is64: boolean, wanted: string): FileRange | undefined {
  if (l.shoff === 0 || l.shnum === 0 || l.shstrndx >= l.shnum || l.shentsize < (is64 ? 0x40 : 0x28)) return undefined;
  const header = (i: number) => {
    const at = l.shoff + i * l.shentsize;
    return is64
      ? { name: v.u32(at), type: v.u32(at + 4), offset: v.u64(at + 0x18), size: v.u64(at + 0x20) }
      : { name: v.u32(at), type: v.u32(at + 4), offset: v.u32(at + 0x10), size: v.u32(at + 0x14) };
  };
  const names = header(l.shstrndx);
  for (let i = 0; i < l.shnum; i++) {
    const sh = header(i);
    if (sh.type === SHT_NOBITS || sh.name >= names.size) continue;
    if (v.name(names.offset + sh.name, wanted.length + 1) === wanted) return { offset: sh.offset, size: sh.size };
  }
  return undefined;
}
