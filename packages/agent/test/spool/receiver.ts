/**
 * A stand-in for the server's agent API on 127.0.0.1, for the spool tests and bench: it stores
 * batches idempotently by id (as the real ingest must), counts what it sees, and can be taken
 * down and brought back on the same port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class Receiver {
  /** Event `labels.seq` → how many distinct batches carried it (1 = exactly once). */
  readonly seen = new Map<string, number>();
  readonly batchIds = new Set<string>();
  /** Batches that arrived again with an id already stored (acknowledged, not stored twice). */
  resent = 0;
  /** Delay before answering, to keep batches in flight. */
  delayMs = 0;
  private server?: Server;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/v1/agent/batches`;
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        setTimeout(() => {
          const batch = JSON.parse(Buffer.concat(chunks).toString()) as { id: string; events: { labels?: { seq?: string } }[] };
          if (this.batchIds.has(batch.id)) this.resent += 1;
          else {
            this.batchIds.add(batch.id);
            for (const e of batch.events) {
              const seq = e.labels?.seq ?? '?';
              this.seen.set(seq, (this.seen.get(seq) ?? 0) + 1);
            }
          }
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ ack: batch.id }));
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Refuse connections from now on, dropping open ones (a server that went away). */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Events received more than once, under different batch ids. */
  duplicates(): number {
    let n = 0;
    for (const c of this.seen.values()) if (c > 1) n += c - 1;
    return n;
  }
}

export async function waitUntil(what: string, cond: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
