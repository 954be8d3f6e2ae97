/**
 * A CPU budget: `msPerSecond` milliseconds of CPU time flow in each second, up to one second's
 * worth. Work is admitted while the budget is positive and charged what it actually used, so a
 * large file overdraws it and the work after it waits until the debt is paid back.
 */
export type Clock = () => number;

export class CpuBudget {
  #balance: number;
  #last: number;

  constructor(
    readonly msPerSecond: number,
    private readonly now: Clock = () => performance.now(),
  ) {
    if (!(msPerSecond > 0 && msPerSecond <= 1000)) throw new RangeError(`CPU budget must be in (0, 1000] ms per second, got ${msPerSecond}`);
    this.#balance = msPerSecond;
    this.#last = now();
  }

  #refill(): void {
    const t = this.now();
    this.#balance = Math.min(this.msPerSecond, this.#balance + (Math.max(0, t - this.#last) * this.msPerSecond) / 1000);
    this.#last = t;
  }

  /** Milliseconds to wait before more work may start (0: now). */
  waitMs(): number {
    this.#refill();
    return this.#balance > 0 ? 0 : Math.ceil((-this.#balance * 1000) / this.msPerSecond) + 1;
  }

  /** Charge work that used `cpuMs` of CPU time. */
  charge(cpuMs: number): void {
    this.#refill();
    this.#balance -= cpuMs;
  }
}

/** CPU time this process has used (all threads, user and system), in milliseconds. */
export function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
