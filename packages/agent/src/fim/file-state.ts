/**
 * What FIM knows about one path: attributes from lstat and, for regular files, the content hash.
 * Symlinks are never followed; a link is tracked by its own attributes and target string.
 */
import { createHash } from 'node:crypto';
import { constants, type BigIntStats } from 'node:fs';
import { lstat, open, readlink } from 'node:fs/promises';

export type FileType = 'file' | 'dir' | 'symlink' | 'other';

export interface FileState {
  path: string;
  type: FileType;
  /** Permission bits including setuid/setgid/sticky (st_mode & 07777). */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Nanosecond times and inode numbers as decimal strings: they exceed 2^53. */
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  dev: string;
  /** sha256 of the content (regular files only); absent when the file could not be read. */
  sha256?: string;
  /**
   * The file is larger than the hash cap and `sha256` covers only its first `hashCap` bytes.
   * Changes past the cap are still seen through size, mtime and ctime (see `contentChanged`).
   */
  partial: boolean;
  /** Symlink target, as stored in the link. */
  target?: string;
}

/** Files above this are hashed over their first 256 MiB only (flagged `partial`). */
export const DEFAULT_HASH_CAP = 256 * 1024 * 1024;

const CHUNK = 1024 * 1024;

function typeOf(st: BigIntStats): FileType {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  return 'other';
}

function fromStats(path: string, st: BigIntStats): FileState {
  return {
    path,
    type: typeOf(st),
    mode: Number(st.mode & 0o7777n),
    uid: Number(st.uid),
    gid: Number(st.gid),
    size: Number(st.size),
    mtimeNs: st.mtimeNs.toString(),
    ctimeNs: st.ctimeNs.toString(),
    ino: st.ino.toString(),
    dev: st.dev.toString(),
    partial: false,
  };
}

/** Same inode, size and times: the content cannot have changed without the kernel noticing. */
export function sameInodeAndTimes(a: FileState, b: FileState): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

export interface ReadStateOptions {
  hashCap?: number;
  /** A previous state of this path: its hash is reused when inode, size and times are unchanged. */
  known?: FileState;
}

/** The current state of `path`, or null when it does not exist (any more). */
export async function readFileState(path: string, opts: ReadStateOptions = {}): Promise<FileState | null> {
  let st: BigIntStats;
  try {
    st = await lstat(path, { bigint: true });
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
  const state = fromStats(path, st);
  if (state.type === 'symlink') {
    state.target = await readlink(path).catch(() => undefined);
    return state;
  }
  if (state.type !== 'file') return state;
  if (opts.known?.type === 'file' && opts.known.sha256 && sameInodeAndTimes(opts.known, state)) {
    return { ...state, sha256: opts.known.sha256, partial: opts.known.partial };
  }
  return hashRegularFile(path, opts.hashCap ?? DEFAULT_HASH_CAP, state);
}

/**
 * Hash through one descriptor opened with O_NOFOLLOW, taking the attributes from fstat on that
 * descriptor, so a file swapped for a link between lstat and open is never read through the link.
 */
async function hashRegularFile(path: string, cap: number, lstatState: FileState): Promise<FileState | null> {
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    if (isGone(err)) return null;
    if (isLoop(err)) return readFileState(path);
    // Unreadable (EACCES, EPERM): attributes are still monitored.
    return lstatState;
  }
  try {
    const state = fromStats(path, await fh.stat({ bigint: true }));
    if (state.type !== 'file') return state;
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    let total = 0;
    while (total < cap) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(CHUNK, cap - total), null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      total += bytesRead;
    }
    state.sha256 = hash.digest('hex');
    state.partial = state.size > cap;
    return state;
  } finally {
    await fh.close();
  }
}

function isGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function isLoop(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ELOOP';
}

/** `0644`-style octal string for events. */
export function octalMode(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}
