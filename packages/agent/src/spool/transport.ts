/** How a spooled batch, and every other agent request, reaches the server. */
import type { OutboundBatch } from './spool.ts';

/** The receiver's word that it holds the batch durably. */
export interface Ack {
  id: string;
}

export interface Transport {
  send(batch: OutboundBatch): Promise<Ack>;
}

/** `retryable: false` means the receiver refused this request for good; retrying cannot help. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    readonly retryable: boolean,
    /** HTTP status, when the server answered. */
    readonly status?: number,
    /** The server's Retry-After, in ms: wait at least this long before the next attempt. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Refusals of the request itself; anything else (5xx, 401/403, 408, 429, no answer) is retried. */
const PERMANENT = new Set([400, 404, 413, 415, 422]);

/** Retry-After as seconds or an HTTP date, in ms from now. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface JsonRequest {
  url: string;
  body: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** POSTs a JSON body and returns the parsed JSON answer of a 2xx; anything else is a TransportError. */
export async function postJson(req: JsonRequest): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...req.headers },
      body: req.body,
      signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    throw new TransportError(`${req.url}: ${cause ?? (err as Error).message}`, true);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) {
    throw new TransportError(`${req.url}: HTTP ${res.status}`, !PERMANENT.has(res.status), res.status, parseRetryAfter(res.headers.get('retry-after')));
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TransportError(`${req.url}: the answer is not JSON`, true, res.status);
  }
}

/** The answer acknowledges exactly `id` (`{"ack": id}`), so a proxy's blanket 200 is not one. */
export function acknowledges(answer: unknown, id: string): boolean {
  return typeof answer === 'object' && answer !== null && (answer as { ack?: unknown }).ack === id;
}

export interface HttpTransportOptions {
  url: string;
  /** The agent's credential and anything else the server wants on every request. */
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * POST `{"id": …, "events": […]}` with the batch id as Idempotency-Key. The receiver keys on the
 * id, so a batch re-sent after a lost acknowledgement is recognised and not stored twice.
 */
export class HttpTransport implements Transport {
  constructor(private readonly opts: HttpTransportOptions) {}

  async send(batch: OutboundBatch): Promise<Ack> {
    const answer = await postJson({
      url: this.opts.url,
      headers: { 'idempotency-key': batch.id, ...this.opts.headers },
      body: `{"id":${JSON.stringify(batch.id)},"events":${batch.body}}`,
      timeoutMs: this.opts.timeoutMs,
    }).catch((err: unknown) => {
      // A JSON-less 2xx is an answer that acknowledges nothing, retried like one.
      throw err instanceof TransportError && err.status !== undefined && err.status < 300 ? new TransportError(`${this.opts.url}: answer does not acknowledge batch ${batch.id}`, true) : err;
    });
    if (!acknowledges(answer, batch.id)) throw new TransportError(`${this.opts.url}: answer does not acknowledge batch ${batch.id}`, true);
    return { id: batch.id };
  }
}
