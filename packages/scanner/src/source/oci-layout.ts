import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '@vigil/schema';
import { counted } from './chunk-reader.ts';
import { DecompressionBudget } from './decompress.ts';
import { MissingMetadata, planImage, type ImagePlan, type ImageSelector } from './image-manifest.ts';
import { imageResult } from './image-result.ts';
import { walkLayer, type LayerChanges } from './layer-tar.ts';
import type { Source, SourceOptions } from './source.ts';

const MAX_METADATA_FILE = 8 * 1024 * 1024;

/** Is `dir` an OCI image layout (has `oci-layout` or `index.json`)? */
export async function isOciLayout(dir: string): Promise<boolean> {
  for (const marker of ['oci-layout', 'index.json']) {
    const st = await lstat(join(dir, marker)).catch(() => undefined);
    if (st?.isFile()) return true;
  }
  return false;
}

/**
 * An OCI image layout directory. Metadata is read up front (so a bad image fails before the
 * walk); layers are streamed from their blob files in order. Blob files are opened without
 * following symlinks: a layout is input, and a link to /etc/shadow is not a layer.
 */
export async function openOciLayout(dir: string, name: string, selector: ImageSelector, opts: SourceOptions): Promise<Source> {
  let plan: ImagePlan | undefined;
  try {
    plan = planImage((path) => readMetadata(dir, path, name), name, selector);
  } catch (err) {
    if (err instanceof MissingMetadata) throw bad(name, `${err.path} named by the index is missing`);
    throw err;
  }
  if (!plan) throw new UserError(`not a docker-archive or OCI image: ${name}`, 'BAD_IMAGE');
  const image = plan;

  return {
    async walk(visitor) {
      const budget = new DecompressionBudget(opts.maxDecompressedBytes);
      const paths = [...new Set(image.layers.map((l) => l.path))];
      const opened = await Promise.allSettled(paths.map((path) => openBlob(dir, path, name)));
      const blobs = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      const failed = opened.find((o) => o.status === 'rejected');
      if (failed) {
        await Promise.all(blobs.map((b) => b.handle.close()));
        throw failed.reason;
      }
      const total = blobs.reduce((sum, b) => sum + b.size, 0);
      let before = 0;
      const walked = new Map<string, LayerChanges>();
      try {
        for (const [i, path] of paths.entries()) {
          const stream = blobs[i].handle.createReadStream({ autoClose: false });
          const input = counted(stream, (done) => visitor.progress?.(before + done, total));
          try {
            walked.set(path, await walkLayer(input, { key: path, label: `layer ${path} of ${name}`, visitor, opts, budget }));
          } finally {
            stream.destroy();
          }
          before += blobs[i].size;
        }
      } finally {
        await Promise.all(blobs.map((b) => b.handle.close()));
      }
      return imageResult(name, image, (path) => ({ key: path, changes: walked.get(path)! }));
    },
  };
}

async function openBlob(dir: string, path: string, name: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(join(dir, path), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    throw bad(name, `layer ${path} named by the manifest is missing or unreadable (${(err as NodeJS.ErrnoException).code})`);
  }
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    throw bad(name, `layer ${path} is not a regular file`);
  }
  return { handle, size: st.size };
}

/** A small metadata file of the layout; `undefined` if absent. Never follows a symlink. */
function readMetadata(dir: string, path: string, name: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(join(dir, path), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw bad(name, `cannot read ${path} (${(err as NodeJS.ErrnoException).code})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw bad(name, `${path} is not a regular file`);
    if (st.size > MAX_METADATA_FILE) throw bad(name, `${path} is larger than ${MAX_METADATA_FILE} bytes`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

function bad(name: string, message: string): UserError {
  return new UserError(`bad image ${name}: ${message}`, 'BAD_IMAGE');
}
