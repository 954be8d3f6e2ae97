/** Groups events into spool batches by count and age, so a quiet host still ships promptly. */
import type { VigilEvent } from '@vigil/schema';
import type { Spool } from './spool.ts';

export interface BatcherOptions {
  /** A batch is closed at this many events. Default 500. */
  maxEvents?: number;
  /** …or this long after its first event. Default 1 s. */
  maxDelayMs?: number;
  /** Called after each batch is on disk (a shipper's `wake`). */
  onBatch?: (id: string) => void;
}

export class Batcher {
  private pending: VigilEvent[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly spool: Spool,
    private readonly opts: BatcherOptions = {},
  ) {}

  add(event: VigilEvent): void {
    this.pending.push(event);
    if (this.pending.length >= (this.opts.maxEvents ?? 500)) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.opts.maxDelayMs ?? 1000);
  }

  /** Write what is pending as one batch now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const id = this.spool.append(this.pending);
    this.pending = [];
    this.opts.onBatch?.(id);
  }
}
