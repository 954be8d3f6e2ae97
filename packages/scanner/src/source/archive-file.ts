import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { UserError } from '@vigil/schema';
import { counted } from './chunk-reader.ts';
import { sniffCompression } from './decompress.ts';
import { isTarHeader, notAnImage, walkImageArchive } from './image-archive.ts';
import type { ImageSelector } from './image-manifest.ts';
import type { Source, SourceOptions } from './source.ts';

/** An image archive on disk (`docker save` output or an OCI layout tar, maybe gzip/zstd compressed). */
export async function openArchiveFile(path: string, name: string, selector: ImageSelector, opts: SourceOptions): Promise<Source> {
  const size = await sniffArchive(path, name);
  return {
    async walk(visitor) {
      const file = createReadStream(path);
      try {
        return await walkImageArchive(counted(file, (done) => visitor.progress?.(done, size)), { name, selector, visitor, opts });
      } finally {
        file.destroy();
      }
    },
  };
}

/** Refuse files that cannot be an image archive before anything is walked; returns the size. */
async function sniffArchive(path: string, name: string): Promise<number> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new UserError(`cannot read ${name} (${(err as NodeJS.ErrnoException).code})`, 'IO');
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw notAnImage(name);
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (sniffCompression(bytes) === 'none' && !isTarHeader(bytes)) throw notAnImage(name);
    return st.size;
  } finally {
    await handle.close();
  }
}
