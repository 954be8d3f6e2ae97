/**
 * Fans each alert out to every output without letting a slow or dead receiver hold up detection:
 * each output has its own bounded queue, drained one alert at a time in order. When a queue is
 * full the new alert is dropped for that output and counted — the alert itself is already in the
 * store, so the console still has it; the counts say what a receiver missed. Each output may take
 * only alerts at or above a minimum severity.
 */
import { SEVERITIES, type AlertSeverityName } from '../store/store.ts';
import type { Output, OutputAlert } from './output.ts';

export interface OutputStats {
  name: string;
  sent: number;
  failed: number;
  dropped: number;
  queued: number;
}

export interface OutputRoute {
  output: Output;
  minSeverity?: AlertSeverityName;
}

interface Lane {
  output: Output;
  minRank: number;
  queue: OutputAlert[];
  draining?: Promise<void>;
  stats: OutputStats;
}

export interface DispatcherOptions {
  /** Alerts waiting per output before new ones are dropped (default 10,000). */
  queueLimit?: number;
  onError?: (output: Output, alert: OutputAlert, err: unknown) => void;
}

export class OutputDispatcher {
  private readonly lanes: Lane[];
  private readonly queueLimit: number;

  constructor(
    routes: OutputRoute[],
    private readonly opts: DispatcherOptions = {},
  ) {
    this.queueLimit = opts.queueLimit ?? 10_000;
    this.lanes = routes.map(({ output, minSeverity }) => ({
      output,
      minRank: SEVERITIES.indexOf(minSeverity ?? 'info'),
      queue: [],
      stats: { name: output.name, sent: 0, failed: 0, dropped: 0, queued: 0 },
    }));
  }

  /** Queues the alert on every output that takes its severity, and returns at once. */
  publish(alert: OutputAlert): void {
    const rank = SEVERITIES.indexOf(alert.severity);
    for (const lane of this.lanes) {
      if (rank < lane.minRank) continue;
      if (lane.queue.length >= this.queueLimit) {
        lane.stats.dropped++;
        continue;
      }
      lane.queue.push(alert);
      lane.draining ??= this.drain(lane);
    }
  }

  private async drain(lane: Lane): Promise<void> {
    for (let alert = lane.queue.shift(); alert; alert = lane.queue.shift()) {
      try {
        await lane.output.send(alert);
        lane.stats.sent++;
      } catch (err) {
        lane.stats.failed++;
        this.opts.onError?.(lane.output, alert, err);
      }
    }
    lane.draining = undefined;
  }

  /** Resolves when every queued alert has been sent or has failed. */
  async flush(): Promise<void> {
    while (this.lanes.some((l) => l.draining)) await Promise.all(this.lanes.map((l) => l.draining));
  }

  stats(): OutputStats[] {
    return this.lanes.map((l) => ({ ...l.stats, queued: l.queue.length }));
  }

  async close(): Promise<void> {
    await this.flush();
    await Promise.all(this.lanes.map((l) => l.output.close()));
  }
}
