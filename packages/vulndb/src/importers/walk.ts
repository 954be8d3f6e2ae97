/**
 * Enumerates the files an import reads: a file, a directory tree, or the entries of a .zip or
 * .tar.gz (also when found inside a tree), streamed so an archive is never held whole in memory.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Unzip, UnzipInflate } from 'fflate';
import * as tar from 'tar-stream';
import { UserError } from '@vigil/schema';

/** One file to import; `path` names archive entries as `archive.zip!inner/path`. */
export type InputFile = { path: string; data: Buffer } | { path: string; error: string };

type ArchiveKind = 'zip' | 'tar.gz';

export function archiveKind(name: string): ArchiveKind | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) return 'zip';
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return 'tar.gz';
  return undefined;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Every file under `path`; a missing or unreadable path is the user's error. */
export async function* walkInputs(path: string): AsyncGenerator<InputFile> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `no such file or directory: ${path}` : `cannot read ${path}: ${message(err)}`, 'ENOENT');
  }
  if (info.isDirectory()) yield* walkDirectory(path);
  else yield* fileInputs(path);
}

async function* walkDirectory(dir: string): AsyncGenerator<InputFile> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    yield { path: dir, error: `cannot read directory: ${message(err)}` };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    // Symlinks are not followed: a link cycle must not hang an import.
    if (entry.isDirectory()) yield* walkDirectory(path);
    else if (entry.isFile()) yield* fileInputs(path);
  }
}

async function* fileInputs(path: string): AsyncGenerator<InputFile> {
  const kind = archiveKind(path);
  if (kind) {
    yield* archiveEntries(createReadStream(path), kind, path);
    return;
  }
  try {
    yield { path, data: await readFile(path) };
  } catch (err) {
    yield { path, error: `cannot read file: ${message(err)}` };
  }
}

async function* archiveEntries(stream: Readable, kind: ArchiveKind, archivePath: string): AsyncGenerator<InputFile> {
  try {
    const entries = kind === 'zip' ? zipEntries(stream, archivePath) : tarGzEntries(stream, archivePath);
    for await (const entry of entries) {
      const nested = 'data' in entry ? archiveKind(entry.path) : undefined;
      if (nested && 'data' in entry) yield* archiveEntries(Readable.from([entry.data]), nested, entry.path);
      else yield entry;
    }
  } catch (err) {
    stream.destroy();
    yield { path: archivePath, error: `unreadable ${kind} archive: ${message(err)}` };
  }
}

async function* tarGzEntries(stream: Readable, archivePath: string): AsyncGenerator<InputFile> {
  const extract = tar.extract();
  const gunzip = createGunzip();
  const fail = (err: Error) => extract.destroy(err);
  stream.on('error', fail);
  gunzip.on('error', fail);
  stream.pipe(gunzip).pipe(extract);
  for await (const entry of extract) {
    if (entry.header.type !== 'file') {
      entry.resume();
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    yield { path: `${archivePath}!${entry.header.name}`, data: Buffer.concat(chunks) };
  }
}

async function* zipEntries(stream: Readable, archivePath: string): AsyncGenerator<InputFile> {
  const done: InputFile[] = [];
  const unzip = new Unzip((file) => {
    if (file.name.endsWith('/')) return;
    const chunks: Uint8Array[] = [];
    file.ondata = (err, chunk, final) => {
      if (err) {
        done.push({ path: `${archivePath}!${file.name}`, error: `cannot inflate: ${err.message}` });
        return;
      }
      chunks.push(chunk);
      if (final) done.push({ path: `${archivePath}!${file.name}`, data: Buffer.concat(chunks) });
    };
    try {
      file.start();
    } catch (err) {
      done.push({ path: `${archivePath}!${file.name}`, error: message(err) }); // e.g. unsupported compression
    }
  });
  unzip.register(UnzipInflate);
  for await (const chunk of stream) {
    unzip.push(chunk as Buffer);
    yield* done.splice(0);
  }
  unzip.push(new Uint8Array(0), true);
  yield* done.splice(0);
}
