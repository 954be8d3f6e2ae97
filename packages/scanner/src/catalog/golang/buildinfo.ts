/**
 * Go's build-info blob, which the linker (Go 1.13+) embeds in every executable built with module
 * support. Layout, as documented by the toolchain's `debug/buildinfo`:
 *
 *   0  14 bytes  magic "\xff Go buildinf:"
 *   14 1 byte    pointer size (4 or 8)
 *   15 1 byte    flags: bit 0 = big-endian pointers, bit 1 = strings stored inline (Go 1.18+)
 *   16 ...       inline: at offset 32, two uvarint-length-prefixed strings (toolchain version, modinfo)
 *                pointer-based: two pointers to Go string headers {data pointer, length}
 *
 * The modinfo string is wrapped in 16-byte sentinels that are stripped here.
 */
import { ByteView } from './byte-view.ts';
import { openExecutable, readAddress, type Executable } from './executable.ts';

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER_SIZE = 32;
const FLAG_BIG_ENDIAN = 1;
const FLAG_INLINE = 2;
const SENTINEL_SIZE = 16;
/** Far beyond any real modinfo (a few hundred KB for the largest projects); bounds corrupt lengths. */
const MAX_STRING = 16 * 1024 * 1024;

export interface BuildInfo {
  /** Toolchain version as embedded: `go1.21.5`, `go1.22.0 X:boringcrypto`, `devel go1.23-…`. */
  goVersion: string;
  /** Module information text (`path`, `mod`, `dep`, `=>`, `build` lines); empty without modules. */
  modinfo: string;
}

/**
 * Extract the build info from an ELF, PE or Mach-O file. Returns undefined for files that are not
 * executables, were not built by Go, or whose blob cannot be decoded.
 */
export function readBuildInfo(buf: Buffer): BuildInfo | undefined {
  const exe = openExecutable(buf);
  if (!exe) return undefined;
  for (const range of exe.dataRanges) {
    const end = range.offset + range.size;
    for (let at = buf.indexOf(MAGIC, range.offset); at >= 0 && at + HEADER_SIZE <= end; at = buf.indexOf(MAGIC, at + 1)) {
      const info = decodeBlob(buf, exe, at);
      if (info) return info;
    }
  }
  return undefined;
}

function decodeBlob(buf: Buffer, exe: Executable, at: number): BuildInfo | undefined {
  const ptrSize = buf[at + 14];
  const flags = buf[at + 15];
  if ((flags & FLAG_INLINE) !== 0) {
    const version = readVarString(buf, at + HEADER_SIZE);
    if (!version) return undefined;
    const mod = readVarString(buf, version.next);
    if (!mod) return undefined;
    return { goVersion: version.value.toString('utf8'), modinfo: stripSentinels(mod.value) };
  }
  if (ptrSize !== 4 && ptrSize !== 8) return undefined;
  const v = new ByteView(buf, (flags & FLAG_BIG_ENDIAN) === 0);
  try {
    const version = readGoString(buf, exe, v, v.word(at + 16, ptrSize), ptrSize);
    const mod = readGoString(buf, exe, v, v.word(at + 16 + ptrSize, ptrSize), ptrSize);
    if (!version) return undefined;
    return { goVersion: version.toString('utf8'), modinfo: mod ? stripSentinels(mod) : '' };
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

/** A uvarint (LEB128) length followed by that many bytes. */
function readVarString(buf: Buffer, at: number): { value: Buffer; next: number } | undefined {
  let len = 0;
  let shift = 0;
  let pos = at;
  for (;;) {
    if (pos >= buf.length || shift > 28) return undefined;
    const b = buf[pos++];
    len += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
    shift += 7;
  }
  if (len > MAX_STRING || pos + len > buf.length) return undefined;
  return { value: buf.subarray(pos, pos + len), next: pos + len };
}

/** A Go string header {data, len} at virtual address `addr`, followed to its bytes. */
function readGoString(buf: Buffer, exe: Executable, v: ByteView, addr: number, ptrSize: 4 | 8): Buffer | undefined {
  const header = readAddress(buf, exe, addr, 2 * ptrSize);
  if (!header) return undefined;
  const hv = new ByteView(header, v.littleEndian);
  const dataAddr = hv.word(0, ptrSize);
  const len = hv.word(ptrSize, ptrSize);
  if (len > MAX_STRING) return undefined;
  return len === 0 ? Buffer.alloc(0) : readAddress(buf, exe, dataAddr, len);
}

/** The modinfo text sits between two 16-byte sentinels and ends with a newline. */
function stripSentinels(mod: Buffer): string {
  if (mod.length < 2 * SENTINEL_SIZE + 1 || mod[mod.length - SENTINEL_SIZE - 1] !== 0x0a) return '';
  return mod.toString('utf8', SENTINEL_SIZE, mod.length - SENTINEL_SIZE);
}
