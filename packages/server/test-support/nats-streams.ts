/**
 * JetStream streams for tests, on the NATS at $VIGIL_TEST_NATS (default nats://127.0.0.1:4222):
 * each bus URL names a stream with a random `VSX_` name; `deleteAll` removes them.
 */
import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

export const NATS_TEST_SERVER = process.env.VIGIL_TEST_NATS ?? '127.0.0.1:4222';

export class TestStreams {
  private readonly names: string[] = [];

  /** A bus URL on a new stream; `options` are added to its query. */
  url(options: Record<string, string | number> = {}): string {
    const stream = `VSX_${randomBytes(5).toString('hex')}`;
    this.names.push(stream);
    return this.urlFor(stream, options);
  }

  /** Another URL on an existing stream (another process's view of the same bus). */
  urlFor(stream: string, options: Record<string, string | number> = {}): string {
    const q = new URLSearchParams({ stream, ...Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)])) });
    return `nats://${NATS_TEST_SERVER}?${q}`;
  }

  async deleteAll(): Promise<void> {
    const nc = await connect({ servers: NATS_TEST_SERVER });
    try {
      const jsm = await jetstreamManager(nc);
      for (const name of this.names.splice(0)) await jsm.streams.delete(name).catch(() => false);
    } finally {
      await nc.close();
    }
  }
}
