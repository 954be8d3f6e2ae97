/**
 * Recorded events as JSON Lines, streamed: each non-blank line is validated as `parseEvent` does
 * (by its compiled fast path, fast-event.ts), and a bad line stops the replay with a one-line
 * error naming `file:line`.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { UserError, type VigilEvent } from '@vigil/schema';
import { parseEventFast } from './fast-event.ts';

export async function* readEventLines(path: string): AsyncGenerator<VigilEvent> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (err: NodeJS.ErrnoException) => reject(new UserError(`${path}: cannot read events: ${err.code ?? err.message}`, 'BAD_EVENTS')));
  });
  await opened;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new UserError(`${path}:${n}: invalid JSON: ${(err as Error).message.split('\n')[0]}`, 'BAD_EVENT');
    }
    yield parseEventFast(value, `${path}:${n}`);
  }
}
