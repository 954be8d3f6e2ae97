/** How a spooled batch reaches the server. */
import type { OutboundBatch } from './spool.ts';

/** The receiver's word that it holds the batch durably. */
export interface Ack {
  id: string;
}

export interface Transport {
  send(batch: OutboundBatch): Promise<Ack>;
}

/** `retryable: false` means the receiver refused this batch for good; retrying cannot help. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface HttpTransportOptions {
  url: string;
  /** The agent's credential and anything else the server wants on every request. */
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** Refusals of the batch itself; anything else (5xx, 401/403, 408, 429, no answer) is retried. */
const PERMANENT = new Set([400, 413, 415, 422]);

/**
 * POST `{"id": …, "events": […]}` with the batch id as Idempotency-Key. The receiver keys on the
 * id, so a batch re-sent after a lost acknowledgement is recognised and not stored twice; the
 * acknowledgement must name the batch (`{"ack": id}`), so a proxy's blanket 200 is not one.
 */
export class HttpTransport implements Transport {
  constructor(private readonly opts: HttpTransportOptions) {}

  async send(batch: OutboundBatch): Promise<Ack> {
    let res: Response;
    try {
      res = await fetch(this.opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': batch.id, ...this.opts.headers },
        body: `{"id":${JSON.stringify(batch.id)},"events":${batch.body}}`,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new TransportError(`${this.opts.url}: ${cause ?? (err as Error).message}`, true);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw new TransportError(`${this.opts.url}: HTTP ${res.status}`, !PERMANENT.has(res.status));
    let ack: unknown;
    try {
      ack = (JSON.parse(text) as { ack?: unknown }).ack;
    } catch {
      ack = undefined;
    }
    if (ack !== batch.id) throw new TransportError(`${this.opts.url}: answer does not acknowledge batch ${batch.id}`, true);
    return { id: batch.id };
  }
}
