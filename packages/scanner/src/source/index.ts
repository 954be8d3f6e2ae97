import { stat } from 'node:fs/promises';
import { UserError } from '@vigil/schema';
import { openArchiveFile } from './archive-file.ts';
import { openDaemonImage } from './docker-daemon.ts';
import { notAnImage } from './image-archive.ts';
import { isOciLayout, openOciLayout } from './oci-layout.ts';
import type { Source, SourceOptions } from './source.ts';

export { openDirectorySource } from './directory.ts';
export { DEFAULT_MAX_FILE_SIZE } from './source.ts';
export type { LayerRecord, Source, SourceOptions, WalkResult, WalkVisitor } from './source.ts';

/**
 * An image named by `ref`: an archive file (`img.tar`, or `img.tar:tag` to pick one image of
 * several), an OCI layout directory, or else an image of the local Docker daemon.
 */
export async function openImageSource(ref: string, opts: SourceOptions): Promise<Source> {
  const local = await locate(ref);
  if (local) {
    const selector = { ...(local.tag ? { tag: local.tag } : {}), ...(opts.platform ? { platform: opts.platform } : {}) };
    if (!local.directory) return openArchiveFile(local.path, ref, selector, opts);
    if (!(await isOciLayout(local.path))) throw notAnImage(ref);
    return openOciLayout(local.path, ref, selector, opts);
  }
  if (looksLikePath(ref)) throw new UserError(`no such file or directory: ${ref}`, 'ENOENT');
  return openDaemonImage(ref, opts);
}

interface Local {
  path: string;
  directory: boolean;
  tag?: string;
}

/** `ref` itself on disk, or `path:tag` with `path` on disk (the tag may hold colons); `undefined` if neither. */
async function locate(ref: string): Promise<Local | undefined> {
  const whole = await probe(ref);
  if (whole) return { path: ref, directory: whole.isDirectory() };
  for (let colon = ref.lastIndexOf(':'); colon > 0; colon = ref.lastIndexOf(':', colon - 1)) {
    const tag = ref.slice(colon + 1);
    const st = tag ? await probe(ref.slice(0, colon)) : undefined;
    if (st) return { path: ref.slice(0, colon), directory: st.isDirectory(), tag };
  }
  return undefined;
}

async function probe(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG') return undefined;
    throw new UserError(`cannot read ${path} (${code})`, 'IO');
  }
}

/** Image names never start with `/` or `.`, nor end like an archive file: those were meant as paths. */
function looksLikePath(ref: string): boolean {
  return /^(\/|\.\.?\/|~)/.test(ref) || /\.(tar|tgz|tar\.gz|tar\.zst|oci)$/i.test(ref);
}
