import { UserError } from '@vigil/schema';
import type { CatalogFile } from '../catalog/cataloger.ts';
import { ChunkReader } from './chunk-reader.ts';
import { CorruptDataError, decompress, sniffCompression, type DecompressionBudget } from './decompress.ts';
import { normaliseEntryPath, whiteoutOf } from './entry-path.ts';
import type { SourceOptions, WalkVisitor } from './source.ts';
import { expandSparse, sparseEntryOf } from './tar-sparse.ts';
import { readTar, TarFormatError, type TarHeader } from './tar-reader.ts';

/** A layer that cannot be read. Kept apart from other errors: it only matters if the image uses the layer. */
export class LayerError extends UserError {
  constructor(message: string) {
    super(message, 'BAD_LAYER');
  }
}

export interface LayerChanges {
  whiteouts: string[];
  opaqueDirs: string[];
}

export interface LayerWalk {
  /** Passed to `visitor.file`. */
  key: string;
  /** Names the layer in messages. */
  label: string;
  visitor: WalkVisitor;
  opts: SourceOptions;
  budget: DecompressionBudget;
}

/**
 * Stream one layer blob (gzip, zstd or plain tar): every wanted regular file is read into memory on
 * its own and handed to the visitor; whiteouts are collected, never delivered. Links and special
 * files are skipped, so nothing outside the layer's own bytes is ever read.
 */
export async function walkLayer(blob: AsyncIterable<Uint8Array>, walk: LayerWalk): Promise<LayerChanges> {
  const reader = blob instanceof ChunkReader ? blob : new ChunkReader(blob);
  const compression = sniffCompression(await reader.peek(4));
  const changes: LayerChanges = { whiteouts: [], opaqueDirs: [] };
  let visitorFailure: { error: unknown } | undefined;
  const deliver = async (file: CatalogFile) => {
    try {
      await walk.visitor.file(walk.key, file);
    } catch (error) {
      visitorFailure = { error };
      throw error;
    }
  };
  try {
    await readTar(decompress(reader, compression, walk.budget, walk.label), (header, body) =>
      visitEntry(header, body, walk, changes, deliver),
    );
  } catch (err) {
    if (visitorFailure && err === visitorFailure.error) throw err;
    if (err instanceof TarFormatError) throw new LayerError(`truncated or corrupt tar in ${walk.label}: ${err.message}`);
    if (err instanceof CorruptDataError) throw new LayerError(err.message);
    throw err;
  }
  return changes;
}

async function visitEntry(
  header: TarHeader,
  body: ChunkReader,
  walk: LayerWalk,
  changes: LayerChanges,
  deliver: (file: CatalogFile) => Promise<void>,
): Promise<void> {
  const path = safePath(header.name, walk.label);
  if (path === '') return;
  const mark = whiteoutOf(path);
  if (mark?.kind === 'whiteout') changes.whiteouts.push(mark.path);
  if (mark?.kind === 'opaque') changes.opaqueDirs.push(mark.dir);
  if (mark) return;

  if (header.type === null) {
    // tar-stream names no type for GNU sparse ('S'), volume labels and other rarities.
    walk.opts.warn(`skipping ${path} in ${walk.label}: unsupported tar entry type`);
    return;
  }
  if (header.type !== 'file' && header.type !== 'contiguous-file') return;

  const sparse = sparseEntryOf(header.pax as Record<string, string> | null | undefined);
  if (sparse && !sparse.supported) {
    walk.opts.warn(`skipping sparse file ${sparse.name ?? path} in ${walk.label}: unsupported sparse format`);
    return;
  }
  const filePath = sparse ? safePath(sparse.info.name, walk.label) : path;
  const size = sparse ? sparse.info.realSize : header.size;
  const mode = header.mode & 0o7777;
  if (filePath === '' || !walk.visitor.wants(filePath, { size, mode })) return;
  const max = walk.opts.maxFileSize;
  if (size > max || header.size > max) {
    walk.opts.warn(`skipping ${filePath} in ${walk.label}: ${size} bytes exceeds the ${max}-byte file size limit`);
    return;
  }

  let content = await body.readAll();
  if (sparse) {
    try {
      content = expandSparse(content, size);
    } catch {
      walk.opts.warn(`skipping sparse file ${filePath} in ${walk.label}: corrupt sparse map`);
      return;
    }
  }
  const data = content;
  await deliver({ path: filePath, size, mode, read: () => Promise.resolve(data) });
}

function safePath(name: string, label: string): string {
  const path = normaliseEntryPath(name);
  if (path === undefined) throw new LayerError(`unsafe entry path ${JSON.stringify(name)} in ${label}`);
  return path;
}
