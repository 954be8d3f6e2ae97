/**
 * Per-event-kind rate limits for the agent: a burst of one kind (an exec storm, a port scan of
 * connects) cannot starve the host of CPU through the agent. Every drop is counted per kind so
 * the sensor health reports it; nothing is dropped silently.
 */
import { TokenBucket, type Clock } from './token-bucket.ts';

export interface RateLimit {
  perSecond: number;
  /** Events admitted at once after a quiet spell; default one second's worth. */
  burst?: number;
}

/**
 * Defaults well above the 500 execs/s the sensors are built to keep up with, so only a storm is
 * limited. Keys are sensor record kinds.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<string, RateLimit>> = {
  exec: { perSecond: 2000, burst: 4000 },
  exit: { perSecond: 2000, burst: 4000 },
  connect: { perSecond: 1000, burst: 2000 },
  accept: { perSecond: 1000, burst: 2000 },
  listen: { perSecond: 1000, burst: 2000 },
  setuid: { perSecond: 1000, burst: 2000 },
  dns: { perSecond: 1000, burst: 2000 },
};

export class RateLimiter {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #dropped = new Map<string, number>();

  readonly #now?: Clock;

  constructor(limits: Readonly<Record<string, RateLimit>> = DEFAULT_RATE_LIMITS, now?: Clock) {
    this.#now = now;
    this.configure(limits);
  }

  /** Replaces the limits of the kinds named (a pushed config); drop counts are kept. */
  configure(limits: Readonly<Record<string, RateLimit>>): void {
    for (const [kind, l] of Object.entries(limits)) this.#buckets.set(kind, new TokenBucket(l.perSecond, l.burst ?? l.perSecond, this.#now));
  }

  /** Whether an event of this kind may pass; kinds without a limit always pass. */
  admit(kind: string): boolean {
    const bucket = this.#buckets.get(kind);
    if (!bucket || bucket.take()) return true;
    this.#dropped.set(kind, (this.#dropped.get(kind) ?? 0) + 1);
    return false;
  }

  /** Drops so far by kind (only kinds that dropped something). */
  dropped(): Record<string, number> {
    return Object.fromEntries(this.#dropped);
  }
}
