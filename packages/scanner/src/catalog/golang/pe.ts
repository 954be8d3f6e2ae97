/**
 * PE/COFF headers (PE32 and PE32+): the section table, mapped at image base + RVA.
 */
import { ByteView } from './byte-view.ts';
import { inFile, type Executable, type FileRange, type Mapping } from './executable.ts';

const PE32 = 0x10b;
const PE32_PLUS = 0x20b;
const IMAGE_SCN_MEM_WRITE = 0x80000000;
const IMAGE_SCN_CNT_INITIALIZED_DATA = 0x40;

export function parsePe(buf: Buffer): Executable | undefined {
  const v = new ByteView(buf, true);
  const pe = v.u32(0x3c);
  if (v.u32(pe) !== 0x00004550) return undefined; // "PE\0\0"
  const coff = pe + 4;
  const sectionCount = v.u16(coff + 2);
  const optSize = v.u16(coff + 16);
  const opt = coff + 20;
  const magic = v.u16(opt);
  if (magic !== PE32 && magic !== PE32_PLUS) return undefined;
  const imageBase = magic === PE32_PLUS ? v.u64(opt + 24) : v.u32(opt + 28);

  const mappings: Mapping[] = [];
  const data: FileRange[] = [];
  const writable: FileRange[] = [];
  for (let i = 0, at = opt + optSize; i < sectionCount; i++, at += 40) {
    const name = v.name(at, 8);
    const rawSize = v.u32(at + 16);
    const rawOffset = v.u32(at + 20);
    const flags = v.u32(at + 36);
    // The loader maps at most VirtualSize bytes; the rest of the raw data is file alignment padding.
    const size = Math.min(rawSize, v.u32(at + 8) || rawSize);
    mappings.push({ addr: imageBase + v.u32(at + 12), offset: rawOffset, size });
    const range = { offset: rawOffset, size };
    if (name === '.data') data.push(range);
    else if ((flags & IMAGE_SCN_MEM_WRITE) !== 0 && (flags & IMAGE_SCN_CNT_INITIALIZED_DATA) !== 0) writable.push(range);
  }
  // Go puts the build-info blob at the start of .data; other writable data is a fallback.
  const dataRanges = [...data, ...writable].flatMap((r) => inFile(buf, r));
  return { format: 'pe', dataRanges, mappings };
}
