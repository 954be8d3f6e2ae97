/**
 * A pull reader over a byte stream that can look ahead (to sniff magic numbers) and can be drained
 * after a consumer gave up half-way. Ending iteration early never closes the source: the source is
 * usually one entry of a tar being read, and closing it would tear down the whole archive.
 */
export class ChunkReader implements AsyncIterable<Uint8Array> {
  readonly #source: AsyncIterator<Uint8Array>;
  readonly #pending: Uint8Array[] = [];
  #done = false;
  /** Calls to the source are chained: an abandoned consumer may still have one in flight. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#source = source[Symbol.asyncIterator]();
  }

  /** Up to `n` leading bytes, without consuming them (fewer only at the end of the stream). */
  async peek(n: number): Promise<Uint8Array> {
    let have = this.#pending.reduce((sum, c) => sum + c.length, 0);
    while (have < n && !this.#done) {
      const chunk = await this.#pull();
      if (chunk === undefined) break;
      this.#pending.push(chunk);
      have += chunk.length;
    }
    const head = Buffer.concat(this.#pending);
    return head.subarray(0, Math.min(n, head.length));
  }

  async next(): Promise<IteratorResult<Uint8Array, undefined>> {
    const buffered = this.#pending.shift();
    if (buffered !== undefined) return { value: buffered, done: false };
    const chunk = await this.#pull();
    return chunk === undefined ? { value: undefined, done: true } : { value: chunk, done: false };
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array, undefined> {
    return { next: () => this.next() };
  }

  /** Consume and discard the rest. */
  async drain(): Promise<void> {
    while (!(await this.next()).done);
  }

  /** Everything that is left; callers bound the size beforehand (from a tar header or stat). */
  async readAll(): Promise<Buffer> {
    const chunks: Uint8Array[] = [];
    for (let r = await this.next(); !r.done; r = await this.next()) chunks.push(r.value);
    return Buffer.concat(chunks);
  }

  #pull(): Promise<Uint8Array | undefined> {
    const result = this.#tail.then(async () => {
      if (this.#done) return undefined;
      const r = await this.#source.next();
      if (r.done) this.#done = true;
      return r.done ? undefined : r.value;
    });
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/** Pass chunks through, reporting the running byte count. */
export async function* counted(
  source: AsyncIterable<Uint8Array>,
  onBytes: (total: number) => void,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    onBytes(total);
    yield chunk;
  }
}
