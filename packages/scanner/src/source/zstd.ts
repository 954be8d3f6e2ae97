import { Decompress } from 'fzstd';

/**
 * Streaming zstd decoding (pure JS, fzstd) behind a frame guard. fzstd trusts frame headers: it
 * allocates whatever window a frame asks for (up to 2 GiB) and accepts RLE blocks of 2 MiB from four
 * input bytes. The guard tracks frame and block boundaries itself and rejects what the format or
 * the reference decoder's default limits forbid before fzstd sees it.
 */

/** The reference decoder refuses larger windows unless told otherwise (ZSTD_WINDOWLOG_LIMIT_DEFAULT). */
export const MAX_ZSTD_WINDOW = 128 * 1024 * 1024;
const MAX_BLOCK = 128 * 1024;
const ZSTD_MAGIC = 0xfd2fb528;
/** Input is fed in slices so that one call cannot expand to more than ~16 MiB of output. */
const SLICE = 512;

export class ZstdFormatError extends Error {}

type State =
  | { at: 'magic' }
  | { at: 'frame-header' }
  | { at: 'skippable-size' }
  | { at: 'block-header'; window: number; checksum: boolean }
  | { at: 'skip'; bytes: number; then: State };

/** Follows the byte stream's frame structure and throws on frames a decoder must not trust. */
class FrameGuard {
  #state: State = { at: 'magic' };
  #held: number[] = [];

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      const state = this.#state;
      if (state.at === 'skip') {
        const n = Math.min(state.bytes, chunk.length - i);
        i += n;
        this.#state = state.bytes === n ? state.then : { ...state, bytes: state.bytes - n };
        continue;
      }
      this.#held.push(chunk[i++]);
      this.#advance();
    }
  }

  /** True between frames, where a stream may legitimately end. */
  get atBoundary(): boolean {
    return this.#state.at === 'magic' && this.#held.length === 0;
  }

  #advance(): void {
    const h = this.#held;
    const state = this.#state;
    switch (state.at) {
      case 'magic': {
        if (h.length < 4) return;
        const magic = (h[0] | (h[1] << 8) | (h[2] << 16) | (h[3] << 24)) >>> 0;
        this.#held = [];
        if (magic === ZSTD_MAGIC) this.#state = { at: 'frame-header' };
        else if (magic >>> 4 === 0x184d2a5) this.#state = { at: 'skippable-size' };
        else throw new ZstdFormatError('invalid zstd frame magic');
        return;
      }
      case 'skippable-size': {
        if (h.length < 4) return;
        const size = (h[0] | (h[1] << 8) | (h[2] << 16) | (h[3] << 24)) >>> 0;
        this.#held = [];
        this.#state = size ? { at: 'skip', bytes: size, then: { at: 'magic' } } : { at: 'magic' };
        return;
      }
      case 'frame-header': {
        const descriptor = h[0];
        const fcsFlag = descriptor >> 6;
        const singleSegment = (descriptor >> 5) & 1;
        const dictBytes = [0, 1, 2, 4][descriptor & 3];
        const fcsBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
        if (descriptor & 0x08) throw new ZstdFormatError('reserved bit set in zstd frame header');
        const length = 1 + (singleSegment ? 0 : 1) + dictBytes + fcsBytes;
        if (h.length < length) return;
        let window: number;
        if (singleSegment) {
          // The window is the whole content: read the frame content size (little endian).
          window = 0;
          const at = length - fcsBytes;
          for (let b = fcsBytes - 1; b >= 0; b--) window = window * 256 + h[at + b];
          if (fcsBytes === 2) window += 256;
        } else {
          const exponent = h[1] >> 3;
          const base = 2 ** (10 + exponent);
          window = base + (base / 8) * (h[1] & 7);
        }
        if (window > MAX_ZSTD_WINDOW) {
          throw new ZstdFormatError(`zstd window of ${window} bytes exceeds the ${MAX_ZSTD_WINDOW}-byte limit`);
        }
        this.#held = [];
        this.#state = { at: 'block-header', window, checksum: ((descriptor >> 2) & 1) === 1 };
        return;
      }
      case 'block-header': {
        if (h.length < 3) return;
        const header = h[0] | (h[1] << 8) | (h[2] << 16);
        this.#held = [];
        const last = header & 1;
        const type = (header >> 1) & 3;
        const size = header >>> 3;
        if (type === 3) throw new ZstdFormatError('reserved zstd block type');
        if (size > Math.min(MAX_BLOCK, Math.max(state.window, 1))) {
          throw new ZstdFormatError(`zstd block of ${size} bytes exceeds the block size limit`);
        }
        const after: State = last
          ? state.checksum
            ? { at: 'skip', bytes: 4, then: { at: 'magic' } }
            : { at: 'magic' }
          : state;
        const stored = type === 1 ? 1 : size;
        this.#state = stored ? { at: 'skip', bytes: stored, then: after } : after;
        return;
      }
    }
  }
}

/** Decode a zstd stream (one or more frames); `onOutput` sees every decoded chunk as it appears. */
export async function* unzstd(
  source: AsyncIterable<Uint8Array>,
  onOutput: (bytes: number) => void,
): AsyncGenerator<Uint8Array> {
  const guard = new FrameGuard();
  const out: Uint8Array[] = [];
  const decoder = new Decompress((chunk) => {
    if (chunk.length === 0) return;
    onOutput(chunk.length);
    out.push(chunk);
  });
  try {
    for await (const chunk of source) {
      for (let i = 0; i < chunk.length; i += SLICE) {
        const slice = chunk.subarray(i, i + SLICE);
        guard.push(slice);
        decoder.push(slice);
        while (out.length) yield out.shift()!;
      }
    }
    if (!guard.atBoundary) throw new ZstdFormatError('unexpected end of zstd data');
    decoder.push(new Uint8Array(0), true);
    while (out.length) yield out.shift()!;
  } catch (err) {
    // fzstd reports format problems as plain Errors with a numeric code.
    if (err instanceof Error && typeof (err as { code?: unknown }).code === 'number') {
      throw new ZstdFormatError(err.message);
    }
    throw err;
  }
}
