import { UserError } from '@vigil/schema';
import { ChunkReader } from './chunk-reader.ts';
import { decompress, DecompressionBudget, sniffCompression } from './decompress.ts';
import { normaliseEntryPath, resolveLinkTarget } from './entry-path.ts';
import { MissingMetadata, planImage, type ImageSelector } from './image-manifest.ts';
import { imageResult } from './image-result.ts';
import { LayerError, walkLayer, type LayerChanges } from './layer-tar.ts';
import type { SourceOptions, WalkResult, WalkVisitor } from './source.ts';
import { readTar, TarFormatError } from './tar-reader.ts';

/** Config, manifest and index files are small; anything bigger is not metadata. */
const MAX_METADATA_FILE = 8 * 1024 * 1024;
const MAX_METADATA_TOTAL = 64 * 1024 * 1024;
const MAX_LINK_HOPS = 16;

export interface ArchiveWalk {
  /** What the user named, for messages and the target. */
  name: string;
  selector: ImageSelector;
  visitor: WalkVisitor;
  opts: SourceOptions;
  /** Overrides for the target (the daemon knows the image's id, tags and digests). */
  target?: { imageId?: string; repoTags?: string[]; repoDigests?: string[] };
}

export function notAnImage(name: string): UserError {
  return new UserError(`not a docker-archive or OCI image: ${name}`, 'BAD_IMAGE');
}

/** A ustar/GNU tar header: magic at offset 257. */
export function isTarHeader(head: Uint8Array): boolean {
  return head.length >= 262 && Buffer.from(head.subarray(257, 262)).toString('latin1') === 'ustar';
}

/**
 * One pass over a `docker save` archive or an OCI image-layout tar (optionally gzip/zstd
 * compressed). The manifest may come after the layers, so every blob that looks like a layer is
 * walked as it streams past (keyed by its path in the archive), small JSON files are kept, and
 * the image is resolved at the end. Layers of other images in the archive are walked too but
 * are absent from the result's `layers`; a broken layer only fails the walk if the image uses it.
 */
export async function walkImageArchive(input: AsyncIterable<Uint8Array>, walk: ArchiveWalk): Promise<WalkResult> {
  const { name, opts, visitor } = walk;
  const budget = new DecompressionBudget(opts.maxDecompressedBytes);
  let archive = new ChunkReader(input);
  const compression = sniffCompression(await archive.peek(4));
  if (compression !== 'none') archive = new ChunkReader(decompress(archive, compression, budget, name));
  if (!isTarHeader(await archive.peek(512))) throw notAnImage(name);

  const metadata = new Map<string, Buffer>();
  let metadataBytes = 0;
  const links = new Map<string, string>();
  const walked = new Map<string, LayerChanges>();
  const broken = new Map<string, LayerError>();
  const seen = new Set<string>();

  try {
    await readTar(archive, async (header, body) => {
      const path = normaliseEntryPath(header.name);
      if (path === undefined) throw bad(name, `unsafe entry path ${JSON.stringify(header.name)}`);
      if (path === '' || header.type === 'directory') return;
      if (seen.has(path)) throw bad(name, `duplicate entry ${path}`);
      seen.add(path);

      if (header.type === 'symlink' || header.type === 'link') {
        // Archive-internal references (docker keeps legacy layer paths as links to blobs).
        const target = header.type === 'symlink' ? resolveLinkTarget(path, header.linkname) : normaliseEntryPath(header.linkname);
        if (target) links.set(path, target);
        return;
      }
      if (header.type !== 'file' && header.type !== 'contiguous-file') return;

      const head = await body.peek(512);
      if (isLayerBlob(path, head)) {
        try {
          walked.set(path, await walkLayer(body, { key: path, label: `layer ${path} of ${name}`, visitor, opts, budget }));
        } catch (err) {
          if (!(err instanceof LayerError)) throw err;
          broken.set(path, err);
        }
      } else if (header.size <= MAX_METADATA_FILE && looksLikeJson(head)) {
        metadataBytes += header.size;
        if (metadataBytes > MAX_METADATA_TOTAL) throw bad(name, `more than ${MAX_METADATA_TOTAL} bytes of metadata`);
        metadata.set(path, await body.readAll());
      }
    });
  } catch (err) {
    if (err instanceof TarFormatError) {
      throw new UserError(`truncated or corrupt archive ${name}: ${err.message}`, 'BAD_IMAGE');
    }
    throw err;
  }

  const resolve = (path: string): string => {
    let current = path;
    for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
      const next = links.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  };

  let plan;
  try {
    plan = planImage((path) => metadata.get(resolve(path)), name, walk.selector);
  } catch (err) {
    if (err instanceof MissingMetadata) throw bad(name, `${err.path} named by the manifest is missing`);
    throw err;
  }
  if (!plan) throw notAnImage(name);

  return imageResult(
    name,
    plan,
    (path) => {
      const key = resolve(path);
      const failure = broken.get(key);
      if (failure) throw failure;
      const changes = walked.get(key);
      if (!changes) throw bad(name, seen.has(key) ? `layer ${path} is not a tar, gzip or zstd blob` : `layer ${path} named by the manifest is missing`);
      return { key, changes };
    },
    walk.target,
  );
}

function isLayerBlob(path: string, head: Uint8Array): boolean {
  if (path === 'layer.tar' || path.endsWith('/layer.tar')) return true;
  if (sniffCompression(head) !== 'none' || isTarHeader(head)) return true;
  // An empty tar is nothing but zero blocks.
  return head.length === 512 && head.every((b) => b === 0);
}

function looksLikeJson(head: Uint8Array): boolean {
  for (const b of head) {
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
    return b === 0x7b || b === 0x5b;
  }
  return false;
}

function bad(name: string, message: string): UserError {
  return new UserError(`bad image ${name}: ${message}`, 'BAD_IMAGE');
}
