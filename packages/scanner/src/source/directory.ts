import { constants, type Dirent, type Stats } from 'node:fs';
import { lstat, open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '@vigil/schema';
import { normaliseEntryPath } from './entry-path.ts';
import type { Source, SourceOptions, WalkVisitor } from './source.ts';

/** Kernel pseudo-filesystems, skipped when the root of a host (or a copy of one) is scanned. */
const PSEUDO_DIRS = ['proc', 'sys', 'dev', 'run'];
/** Opened without following links, and without blocking should a path have turned into a FIFO. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export type DirectoryOptions = SourceOptions & { skipDirs?: string[] };

/**
 * A root filesystem or source tree on disk. Walks with lstat and never follows a symlink, so a
 * link to /etc/shadow or out of the root is never read; special files are skipped; wanted files
 * are opened lazily and only if their size is within `maxFileSize`. Unreadable parts are warned
 * about and skipped.
 */
export async function openDirectorySource(dir: string, kind: 'rootfs' | 'fs', opts: DirectoryOptions): Promise<Source> {
  const root = resolve(dir);
  let rootStat: Stats;
  try {
    rootStat = await stat(root);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError(`no such file or directory: ${dir}`, 'ENOENT');
    throw new UserError(`cannot read ${dir} (${code})`, 'IO');
  }
  if (!rootStat.isDirectory()) throw new UserError(`not a directory: ${dir}`, 'BAD_INPUT');

  const skip = new Set<string>();
  const addSkip = (p: string) => {
    const rel = normaliseEntryPath((isAbsolute(p) ? relative(root, p) : p).split(sep).join('/'));
    if (rel) skip.add(rel);
  };
  for (const p of opts.skipDirs ?? []) addSkip(p);
  // The scan's own scratch files are not part of the target.
  addSkip(resolve(opts.tempDir));
  if (kind === 'rootfs') PSEUDO_DIRS.forEach((d) => skip.add(d));

  return {
    async walk(visitor) {
      await walkTree(root, skip, visitor, opts);
      return { target: { kind, name: dir }, layers: [{ key: '', whiteouts: [], opaqueDirs: [] }] };
    },
  };
}

async function walkTree(root: string, skip: Set<string>, visitor: WalkVisitor, opts: SourceOptions): Promise<void> {
  // Bind mounts can make a tree contain itself; each directory is entered once.
  const entered = new Set<string>();
  const pending: string[] = [''];
  while (pending.length) {
    const dir = pending.pop()!;
    const abs = dir ? join(root, dir) : root;
    let entries: Dirent[];
    try {
      const st = await lstat(abs);
      if (!st.isDirectory()) continue;
      const id = `${st.dev}:${st.ino}`;
      if (entered.has(id)) continue;
      entered.add(id);
      entries = await readdir(abs, { withFileTypes: true });
    } catch (err) {
      opts.warn(`skipping directory ${dir || '.'}: ${errorCode(err)}`);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!skip.has(path)) subdirs.push(path);
      } else if (entry.isFile()) {
        await visitFile(root, path, visitor, opts);
      }
      // Symlinks, sockets, FIFOs and devices are never read.
    }
    pending.push(...subdirs.reverse());
  }
}

async function visitFile(root: string, path: string, visitor: WalkVisitor, opts: SourceOptions): Promise<void> {
  const abs = join(root, path);
  let st: Stats;
  try {
    st = await lstat(abs);
  } catch (err) {
    opts.warn(`skipping ${path}: ${errorCode(err)}`);
    return;
  }
  if (!st.isFile()) return;
  const mode = st.mode & 0o7777;
  if (!visitor.wants(path, { size: st.size, mode })) return;
  if (st.size > opts.maxFileSize) {
    opts.warn(`skipping ${path}: ${st.size} bytes exceeds the ${opts.maxFileSize}-byte file size limit`);
    return;
  }

  let handle: FileHandle;
  try {
    handle = await open(abs, OPEN_FLAGS);
  } catch (err) {
    opts.warn(`skipping ${path}: ${errorCode(err)}`);
    return;
  }
  let handleOpen = true;
  try {
    const now = await handle.stat();
    // Swapped for something else between lstat and open: not the file that was wanted.
    if (!now.isFile() || now.ino !== st.ino || now.dev !== st.dev || now.size > opts.maxFileSize) {
      opts.warn(`skipping ${path}: it changed during the scan`);
      return;
    }
    let content: Promise<Buffer> | undefined;
    await visitor.file('', {
      path,
      size: now.size,
      mode,
      read: () => {
        if (!content && !handleOpen) return Promise.reject(new Error(`read() of ${path} after file() returned`));
        return (content ??= readExactly(handle, now.size, path));
      },
    });
  } finally {
    handleOpen = false;
    await handle.close();
  }
}

/** At most `size` bytes (the size seen at open time): a file growing under us cannot grow the read. */
async function readExactly(handle: FileHandle, size: number, path: string): Promise<Buffer> {
  const buffer = Buffer.alloc(size);
  let got = 0;
  try {
    while (got < size) {
      const { bytesRead } = await handle.read(buffer, got, size - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
  } catch (err) {
    throw new UserError(`cannot read ${path}: ${errorCode(err)}`, 'IO');
  }
  return buffer.subarray(0, got);
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}
