/**
 * A token bucket: `ratePerSecond` tokens flow in continuously up to `burst`; each admitted event
 * takes one. The clock is injected so that behaviour is testable without sleeping.
 */
export type Clock = () => number;

export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: Clock = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new RangeError(`token bucket needs rate > 0 and burst ≥ 1, got ${ratePerSecond}/${burst}`);
    this.#tokens = burst;
    this.#last = now();
  }

  /** Takes a token if one is there; false means the caller must drop (and count) the event. */
  take(): boolean {
    const t = this.now();
    // A clock that steps back refills nothing rather than draining the bucket.
    this.#tokens = Math.min(this.burst, this.#tokens + (Math.max(0, t - this.#last) * this.ratePerSecond) / 1000);
    this.#last = t;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
