/**
 * Drains the spool through a transport, oldest batch first, one at a time. A batch leaves the
 * spool only after the receiver acknowledged it; an acknowledged batch is deleted durably before
 * the next one is sent. The one batch that can go twice is the one in flight when the agent dies
 * (acknowledged, not yet deleted): it is re-sent with the same id, which the receiver recognises.
 */
import { Backoff } from './backoff.ts';
import type { Spool } from './spool.ts';
import { TransportError, type Transport } from './transport.ts';

export interface ShipperOptions {
  backoff?: Backoff;
  /** How often an empty spool is looked at again (appends also `wake` the shipper). Default 200 ms. */
  idleMs?: number;
  onWarn?: (message: string) => void;
}

export interface ShipperStats {
  acked: number;
  failures: number;
  rejected: number;
  /** The receiver answered the last attempt. */
  connected: boolean;
}

export class Shipper {
  private running = false;
  private loop?: Promise<void>;
  private readonly backoff: Backoff;
  private wakeUp?: () => void;
  readonly stats: ShipperStats = { acked: 0, failures: 0, rejected: 0, connected: false };

  constructor(
    private readonly spool: Spool,
    private readonly transport: Transport,
    private readonly opts: ShipperOptions = {},
  ) {
    this.backoff = opts.backoff ?? new Backoff();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New batches are waiting; ends an idle wait (never a backoff wait). */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stop after the batch in flight, if any, has been answered. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const batch = this.spool.peek();
      if (!batch) {
        await this.pause(this.opts.idleMs ?? 200, true);
        continue;
      }
      try {
        await this.transport.send(batch);
        this.spool.ack(batch.id);
        this.stats.acked += 1;
        this.backoff.reset();
        this.connected(true);
      } catch (err) {
        if (err instanceof TransportError && !err.retryable) {
          this.spool.reject(batch.id);
          this.stats.rejected += 1;
          this.connected(true);
          this.opts.onWarn?.(`spool: batch ${batch.id} (${batch.count} events) refused and dropped: ${err.message}`);
          continue;
        }
        this.stats.failures += 1;
        if (this.stats.connected || this.stats.failures === 1) this.opts.onWarn?.(`spool: cannot deliver, retrying with backoff: ${(err as Error).message}`);
        this.connected(false);
        // Overload (429/503) names its own wait; the backoff still grows underneath it.
        const retryAfter = err instanceof TransportError ? (err.retryAfterMs ?? 0) : 0;
        await this.pause(Math.max(this.backoff.next(), retryAfter), false);
      }
    }
  }

  private connected(up: boolean): void {
    if (up && !this.stats.connected && this.stats.failures > 0) this.opts.onWarn?.('spool: delivering again');
    this.stats.connected = up;
  }

  /** Sleep; `stop` always ends it early, `wake` only when `wakeable`. */
  private pause(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = wakeable ? done : () => this.running || done();
    });
  }
}
