/**
 * Webhook output: each record (alert or inspection report) is POSTed as one JSON document whose
 * `type` says which (also in `X-Vigil-Record`). The body is signed with HMAC-SHA256 under a
 * shared secret (`X-Vigil-Signature: sha256=<hex>`, the GitHub convention receivers already
 * verify), and `X-Vigil-Delivery` carries the record id so a receiver can drop a retried duplicate.
 * Transient failures (network errors, timeouts, 408, 429, 5xx) are retried with exponential
 * backoff and jitter, honouring Retry-After; any other 4xx means the request itself is wrong, and
 * is not retried.
 */
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { recordDocument, recordId, recordKind, type Output, type OutputRecord } from './output.ts';

export interface WebhookOptions {
  url: string;
  /** Shared HMAC secret; without one the request is sent unsigned. */
  secret?: string;
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  /** Attempts in all, first included (default 5). */
  attempts?: number;
  /** First retry delay; doubles each retry up to `maxDelayMs` (defaults 500 ms, 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  headers?: Record<string, string>;
}

export const SIGNATURE_HEADER = 'x-vigil-signature';
export const DELIVERY_HEADER = 'x-vigil-delivery';
export const RECORD_HEADER = 'x-vigil-record';

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A delivery that will not succeed by retrying, or that ran out of attempts. */
export class WebhookDeliveryError extends Error {
  override readonly name = 'WebhookDeliveryError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

export class WebhookOutput implements Output {
  readonly name: string;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly opts: WebhookOptions) {
    this.name = `webhook ${new URL(opts.url).origin}`;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.attempts = Math.max(1, opts.attempts ?? 5);
    this.baseDelayMs = opts.baseDelayMs ?? 500;
    this.maxDelayMs = opts.maxDelayMs ?? 30_000;
  }

  async send(record: OutputRecord): Promise<void> {
    const body = JSON.stringify(recordDocument(record));
    const headers: Record<string, string> = {
      ...this.opts.headers,
      'content-type': 'application/json',
      'user-agent': 'vigil-server',
      [DELIVERY_HEADER]: recordId(record),
      [RECORD_HEADER]: recordKind(record),
    };
    if (this.opts.secret) headers[SIGNATURE_HEADER] = signBody(this.opts.secret, body);
    let lastError = '';
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      let retryAfterMs: number | undefined;
      try {
        const res = await fetch(this.opts.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
        await res.body?.cancel();
        if (res.ok) return;
        lastError = `HTTP ${res.status}`;
        if (!RETRYABLE(res.status)) throw new WebhookDeliveryError(`${this.name}: ${lastError}, not retried`, res.status);
        retryAfterMs = retryAfter(res.headers.get('retry-after'));
      } catch (err) {
        if (err instanceof WebhookDeliveryError) throw err;
        lastError = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      }
      if (attempt < this.attempts) await sleep(retryAfterMs ?? this.backoff(attempt));
    }
    throw new WebhookDeliveryError(`${this.name}: ${lastError} after ${this.attempts} attempts`);
  }

  /** Full jitter over an exponentially growing window, so many servers do not retry in step. */
  private backoff(attempt: number): number {
    const window = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return window / 2 + Math.random() * (window / 2);
  }

  async close(): Promise<void> {}
}

/** Retry-After as seconds or an HTTP date, capped at 5 minutes; undefined when absent or unreadable. */
function retryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 300_000) : undefined;
}
