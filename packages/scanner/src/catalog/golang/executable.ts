/**
 * The part of an executable's layout that build-info extraction needs, whatever the container
 * format: where the linker put data, and how a virtual address maps back into the file.
 */
import { parseElf } from './elf.ts';
import { parseMachO } from './macho.ts';
import { parsePe } from './pe.ts';

/** A byte range of the file. */
export interface FileRange {
  offset: number;
  size: number;
}

/** A piece of the file mapped at a virtual address. */
export interface Mapping extends FileRange {
  addr: number;
}

export interface Executable {
  readonly format: 'elf' | 'pe' | 'macho';
  /** File ranges that may hold Go's build-info blob, most specific first; empty when none can. */
  readonly dataRanges: readonly FileRange[];
  /** What the loader maps from the file, for resolving pointers. */
  readonly mappings: readonly Mapping[];
}

/**
 * Parse the header of an ELF, PE or Mach-O file. Returns undefined for anything else, including
 * malformed headers, after looking at a handful of bytes.
 */
export function openExecutable(buf: Buffer): Executable | undefined {
  if (buf.length < 64) return undefined;
  try {
    if (buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46) return parseElf(buf);
    if (buf[0] === 0x4d && buf[1] === 0x5a) return parsePe(buf);
    return parseMachO(buf);
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

/** The `size` file bytes behind virtual address `addr`, if one mapping holds all of them. */
export function readAddress(buf: Buffer, exe: Executable, addr: number, size: number): Buffer | undefined {
  for (const m of exe.mappings) {
    if (addr >= m.addr && addr + size <= m.addr + m.size) {
      const start = m.offset + (addr - m.addr);
      return start + size <= buf.length ? buf.subarray(start, start + size) : undefined;
    }
  }
  return undefined;
}

/** Clip a range to the file; drop it when nothing is left. */
export function inFile(buf: Buffer, range: FileRange): FileRange[] {
  if (range.offset >= buf.length || range.size <= 0) return [];
  return [{ offset: range.offset, size: Math.min(range.size, buf.length - range.offset) }];
}
