/**
 * Keeps password hashing to a share of one core: after each unit of work the caller awaits
 * `pace()`, which sleeps until this process's CPU time is at most `percent` of the wall time
 * since the cap started. Cracking is the heaviest thing an agent does; the workload comes first.
 */

/** Where time comes from; tests pass their own. */
export interface CapClock {
  cpuMicros(): number;
  wallMicros(): number;
  sleep(ms: number): Promise<void>;
}

export const processClock: CapClock = {
  cpuMicros: () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  },
  wallMicros: () => Number(process.hrtime.bigint() / 1000n),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export class CpuCap {
  private readonly startCpu: number;
  private readonly startWall: number;

  constructor(
    private readonly percent: number,
    private readonly clock: CapClock = processClock,
  ) {
    if (!(percent > 0 && percent <= 100)) throw new RangeError(`CPU cap must be in (0, 100], got ${percent}`);
    this.startCpu = clock.cpuMicros();
    this.startWall = clock.wallMicros();
  }

  /** Microseconds of CPU this process used since the cap started. */
  cpuMicros(): number {
    return this.clock.cpuMicros() - this.startCpu;
  }

  async pace(): Promise<void> {
    const elapsed = this.clock.wallMicros() - this.startWall;
    const due = (this.cpuMicros() * 100) / this.percent;
    // Sleeps shorter than a millisecond cost more than they save.
    if (due - elapsed >= 1000) await this.clock.sleep((due - elapsed) / 1000);
  }
}
