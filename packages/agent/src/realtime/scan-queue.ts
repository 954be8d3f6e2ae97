/**
 * The real-time scan queue: paths wait out a quiet period (a file being written fires many
 * events; it is scanned once, after the last), at most `maxPending` wait at a time (beyond that
 * new paths are dropped and counted), and scans run one at a time within a CPU budget.
 */
import { CpuBudget, processCpuMs } from './cpu-budget.ts';

export interface ScanQueueOptions {
  /** Quiet time after the last event on a path before it is scanned. Default 150 ms. */
  debounceMs?: number;
  /** Paths waiting at most; more are dropped. Default 1000. */
  maxPending?: number;
  /** CPU milliseconds per second the scans may use. Default 250 (a quarter of one core). */
  cpuMsPerSecond?: number;
  /** CPU time used so far, in ms (injected by tests). */
  cpuMs?: () => number;
  budget?: CpuBudget;
}

export interface ScanQueueStats {
  pending: number;
  scanned: number;
  dropped: number;
  /** Times a scan waited for the CPU budget. */
  throttled: number;
  failed: number;
}

export class ScanQueue<T> {
  private readonly waiting = new Map<string, { item: T; timer: NodeJS.Timeout }>();
  private readonly ready = new Map<string, T>();
  private readonly budget: CpuBudget;
  private readonly cpuMs: () => number;
  private running = false;
  private idle: (() => void)[] = [];
  private stopped = false;
  private readonly counts = { scanned: 0, dropped: 0, throttled: 0, failed: 0 };

  constructor(
    private readonly scan: (key: string, item: T) => Promise<void>,
    private readonly opts: ScanQueueOptions = {},
    private readonly onError: (key: string, err: Error) => void = () => {},
  ) {
    this.budget = opts.budget ?? new CpuBudget(opts.cpuMsPerSecond ?? 250);
    this.cpuMs = opts.cpuMs ?? processCpuMs;
  }

  /** Queue `key` (again); false when the queue is full and the path was dropped. */
  push(key: string, item: T): boolean {
    if (this.stopped) return false;
    const previous = this.waiting.get(key);
    if (previous) clearTimeout(previous.timer);
    else if (!this.ready.has(key) && this.waiting.size + this.ready.size >= (this.opts.maxPending ?? 1000)) {
      this.counts.dropped++;
      return false;
    }
    this.ready.delete(key);
    const timer = setTimeout(() => {
      this.waiting.delete(key);
      this.ready.set(key, item);
      void this.pump();
    }, this.opts.debounceMs ?? 150);
    this.waiting.set(key, { item, timer });
    return true;
  }

  stats(): ScanQueueStats {
    return { pending: this.waiting.size + this.ready.size, ...this.counts };
  }

  /** Resolves once nothing is waiting or running. */
  drained(): Promise<void> {
    if (!this.running && this.waiting.size === 0 && this.ready.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Forget what is waiting; a running scan finishes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.waiting.values()) clearTimeout(w.timer);
    this.waiting.clear();
    this.ready.clear();
    await this.drained();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.ready.size) {
        const wait = this.budget.waitMs();
        if (wait > 0) {
          this.counts.throttled++;
          await new Promise((resolve) => setTimeout(resolve, wait));
          continue;
        }
        const [key, item] = this.ready.entries().next().value as [string, T];
        this.ready.delete(key);
        const before = this.cpuMs();
        try {
          await this.scan(key, item);
          this.counts.scanned++;
        } catch (err) {
          this.counts.failed++;
          this.onError(key, err as Error);
        } finally {
          this.budget.charge(Math.max(0, this.cpuMs() - before));
        }
      }
    } finally {
      this.running = false;
      if (this.waiting.size === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }
}
