/**
 * The rpm header blob as every rpmdb backend stores it (big-endian, without the lead and the
 * 8-byte magic of a header inside a .rpm file):
 *   il:u32  dl:u32  il × index entry {tag:u32 type:u32 offset:u32 count:u32}  dl bytes of data
 * Offsets are relative to the data store. Only the tags a package record needs are decoded.
 */

const TAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  VENDOR: 1011,
  LICENSE: 1014,
  ARCH: 1022,
  SOURCERPM: 1044,
  MODULARITYLABEL: 5096,
} as const;

const TYPE_INT32 = 4;
const TYPE_STRING = 6;
const TYPE_STRING_ARRAY = 8;
const TYPE_I18NSTRING = 9;

/** rpm refuses headers beyond these (lib/header.c: HEADER_TAGS_MAX, HEADER_DATA_MAX). */
const MAX_INDEX_ENTRIES = 0xffff;
const MAX_DATA = 256 * 1024 * 1024;

export interface RpmHeader {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
  /** Source rpm file name: `openssl-3.0.7-27.el9.src.rpm`. */
  sourceRpm?: string;
  license?: string;
  vendor?: string;
  /** Set on packages from RHEL 8+ application-stream modules (`nodejs:18:…`). */
  modularityLabel?: string;
}

export class RpmHeaderError extends Error {}

export function parseRpmHeader(blob: Uint8Array): RpmHeader {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (blob.byteLength < 8) throw new RpmHeaderError('header shorter than its preamble');
  const il = view.getUint32(0);
  const dl = view.getUint32(4);
  if (il === 0 || il > MAX_INDEX_ENTRIES || dl > MAX_DATA) throw new RpmHeaderError('header sizes out of range');
  const dataStart = 8 + il * 16;
  if (dataStart + dl > blob.byteLength) throw new RpmHeaderError('header truncated');

  const entries = new Map<number, { type: number; offset: number; count: number }>();
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16;
    // Later entries win: entries appended after install override the signed region's.
    entries.set(view.getUint32(at), {
      type: view.getUint32(at + 4),
      offset: view.getUint32(at + 8),
      count: view.getUint32(at + 12),
    });
  }

  const string = (tag: number): string | undefined => {
    const e = entries.get(tag);
    if (!e || e.count === 0) return undefined;
    if (e.type !== TYPE_STRING && e.type !== TYPE_STRING_ARRAY && e.type !== TYPE_I18NSTRING) return undefined;
    if (e.offset >= dl) throw new RpmHeaderError(`tag ${tag} points outside the data`);
    const start = dataStart + e.offset;
    const end = blob.indexOf(0, start);
    if (end < 0 || end > dataStart + dl) throw new RpmHeaderError(`tag ${tag} is not terminated`);
    return Buffer.from(blob.buffer, blob.byteOffset + start, end - start).toString('utf8');
  };
  const int32 = (tag: number): number | undefined => {
    const e = entries.get(tag);
    if (!e || e.type !== TYPE_INT32 || e.count === 0) return undefined;
    if (e.offset % 4 !== 0 || e.offset + 4 > dl) throw new RpmHeaderError(`tag ${tag} is misplaced`);
    return view.getUint32(dataStart + e.offset);
  };

  const name = string(TAG.NAME);
  const version = string(TAG.VERSION);
  const release = string(TAG.RELEASE);
  if (!name || version === undefined || release === undefined) {
    throw new RpmHeaderError('header has no name, version or release');
  }
  const header: RpmHeader = { name, version, release };
  const epoch = int32(TAG.EPOCH);
  if (epoch !== undefined) header.epoch = epoch;
  const optional = {
    arch: TAG.ARCH,
    sourceRpm: TAG.SOURCERPM,
    license: TAG.LICENSE,
    vendor: TAG.VENDOR,
    modularityLabel: TAG.MODULARITYLABEL,
  } as const;
  for (const [key, tag] of Object.entries(optional) as [keyof typeof optional, number][]) {
    const value = string(tag);
    if (value) header[key] = value;
  }
  return header;
}

/**
 * Name and version of a source rpm file name: `name-version-release.src.rpm` (or `.nosrc.rpm`);
 * name may itself contain dashes, version and release never do.
 */
export function parseSourceRpm(file: string): { name: string; version: string } | undefined {
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(file);
  return m ? { name: m[1], version: `${m[2]}-${m[3]}` } : undefined;
}
