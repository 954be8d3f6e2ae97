import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UserError } from '@vigil/schema';
import { unzstd, ZstdFormatError } from './zstd.ts';

export type Compression = 'gzip' | 'zstd' | 'none';

/** Layer blobs say what they are in their first bytes, whatever the media type claims. */
export function sniffCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

/** Total decompressed output allowed for one scan: the guard against gzip/zstd bombs. */
export class DecompressionBudget {
  #used = 0;
  constructor(readonly max: number) {}

  spend(bytes: number): void {
    this.#used += bytes;
    if (this.#used > this.max) {
      throw new UserError(`decompressed size exceeds ${this.max} bytes (gzip bomb?)`, 'LIMIT');
    }
  }

  get used(): number {
    return this.#used;
  }
}

/** Thrown for corrupt or truncated compressed data; `what` names the blob. */
export class CorruptDataError extends UserError {
  constructor(message: string) {
    super(message, 'CORRUPT');
  }
}

/** Decompress `source` as `kind`, charging every output byte to `budget`. */
export function decompress(
  source: AsyncIterable<Uint8Array>,
  kind: Compression,
  budget: DecompressionBudget,
  what: string,
): AsyncIterable<Uint8Array> {
  switch (kind) {
    case 'none':
      return source;
    case 'gzip':
      return gunzip(source, budget, what);
    case 'zstd':
      return zstd(source, budget, what);
  }
}

async function* gunzip(source: AsyncIterable<Uint8Array>, budget: DecompressionBudget, what: string) {
  const input = Readable.from(source, { objectMode: false });
  const inflater = createGunzip();
  // Errors of the source (say, the archive around this blob ends early) pass through unchanged.
  input.on('error', (err) => inflater.destroy(err));
  input.pipe(inflater);
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      budget.spend(chunk.length);
      yield chunk;
    }
  } catch (err) {
    if (isZlibError(err)) throw new CorruptDataError(`corrupt gzip data in ${what}: ${err.message}`);
    throw err;
  } finally {
    input.destroy();
    inflater.destroy();
  }
}

async function* zstd(source: AsyncIterable<Uint8Array>, budget: DecompressionBudget, what: string) {
  try {
    yield* unzstd(source, (bytes) => budget.spend(bytes));
  } catch (err) {
    if (err instanceof ZstdFormatError) throw new CorruptDataError(`corrupt zstd data in ${what}: ${err.message}`);
    throw err;
  }
}

function isZlibError(err: unknown): err is Error {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && code.startsWith('Z_');
}
