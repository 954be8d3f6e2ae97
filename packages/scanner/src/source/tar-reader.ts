import { extract, type Header } from 'tar-stream';
import { ChunkReader } from './chunk-reader.ts';

export type { Header as TarHeader };

/** The archive itself is malformed: bad header checksum, unknown format, cut short. */
export class TarFormatError extends Error {}

/**
 * Read a tar stream one entry at a time. `onEntry` gets each entry's body as a `ChunkReader` and is
 * awaited; whatever it leaves unread is skipped (streamed, never buffered) before the next entry.
 * Errors of `source` and of `onEntry` propagate unchanged; problems of the tar format become
 * `TarFormatError`.
 */
export async function readTar(
  source: AsyncIterable<Uint8Array>,
  onEntry: (header: Header, body: ChunkReader) => Promise<void>,
): Promise<void> {
  const tar = extract();
  let sourceFailure: { error: unknown } | undefined;
  let formatFailure: Error | undefined;
  let entryFailure: { error: unknown } | undefined;
  tar.on('error', (err: Error) => {
    formatFailure ??= err;
  });

  const pump = (async () => {
    try {
      for await (const chunk of source) {
        if (tar.destroyed) return;
        if (!tar.write(chunk)) await writable(tar);
      }
      // streamx's typings make end's optional argument mandatory.
      if (!tar.destroyed) tar.end(undefined);
    } catch (error) {
      sourceFailure = { error };
      tar.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();

  try {
    for await (const entry of tar) {
      // Entries are streamx Readables: async-iterable, though their typings do not say so.
      const body = new ChunkReader(entry as unknown as AsyncIterable<Uint8Array>);
      try {
        await onEntry(entry.header, body);
      } catch (error) {
        entryFailure = { error };
        throw error;
      }
      await body.drain();
    }
    await pump;
  } catch (err) {
    tar.destroy();
    if (sourceFailure) throw sourceFailure.error;
    if (formatFailure) throw new TarFormatError(formatFailure.message);
    if (entryFailure) throw entryFailure.error;
    throw new TarFormatError(err instanceof Error ? err.message : String(err));
  }
}

/** Resolves once a backed-up writer can take more, or is gone. */
function writable(stream: NodeJS.EventEmitter & { destroyed: boolean }): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
