/**
 * Fans each record (alert, inspection report) out to every output that takes its type without
 * letting a slow or dead receiver hold up detection: each output has one bounded queue per record
 * type, drained one record at a time in order, so a report being retried never delays the alerts
 * behind it (nor the other way round). When a queue is full the new record is dropped for that
 * output and counted — the record itself is already in the store, so the console still has it;
 * the counts say what a receiver missed. Each output may take only alerts at or above a minimum
 * severity; that filter is for alerts alone, a report goes out whatever it found (an all-clear
 * is news too).
 */
import { SEVERITIES, type AlertSeverityName } from '../store/store.ts';
import { RECORD_TYPES, type Output, type OutputRecord, type RecordType } from './output.ts';

export interface OutputStats {
  name: string;
  records: RecordType;
  sent: number;
  failed: number;
  dropped: number;
  queued: number;
}

export interface OutputRoute {
  output: Output;
  minSeverity?: AlertSeverityName;
  /** What this output takes (default: every record type). */
  records?: readonly RecordType[];
}

interface Lane {
  output: Output;
  records: RecordType;
  minRank: number;
  queue: OutputRecord[];
  draining?: Promise<void>;
  stats: OutputStats;
}

export interface DispatcherOptions {
  /** Records waiting per output and type before new ones are dropped (default 10,000). */
  queueLimit?: number;
  onError?: (output: Output, record: OutputRecord, err: unknown) => void;
}

export class OutputDispatcher {
  private readonly lanes: Lane[];
  private readonly queueLimit: number;

  constructor(
    private readonly routes: OutputRoute[],
    private readonly opts: DispatcherOptions = {},
  ) {
    this.queueLimit = opts.queueLimit ?? 10_000;
    this.lanes = routes.flatMap(({ output, minSeverity, records = RECORD_TYPES }) =>
      RECORD_TYPES.filter((type) => records.includes(type)).map((type) => ({
        output,
        records: type,
        minRank: SEVERITIES.indexOf(minSeverity ?? 'info'),
        queue: [],
        stats: { name: output.name, records: type, sent: 0, failed: 0, dropped: 0, queued: 0 },
      })),
    );
  }

  /** Queues the record on every output that takes it, and returns at once. */
  publish(record: OutputRecord): void {
    const rank = record.type === 'alerts' ? SEVERITIES.indexOf(record.alert.severity) : Infinity;
    for (const lane of this.lanes) {
      if (lane.records !== record.type || rank < lane.minRank) continue;
      if (lane.queue.length >= this.queueLimit) {
        lane.stats.dropped++;
        continue;
      }
      lane.queue.push(record);
      lane.draining ??= this.drain(lane);
    }
  }

  private async drain(lane: Lane): Promise<void> {
    for (let record = lane.queue.shift(); record; record = lane.queue.shift()) {
      try {
        await lane.output.send(record);
        lane.stats.sent++;
      } catch (err) {
        lane.stats.failed++;
        this.opts.onError?.(lane.output, record, err);
      }
    }
    lane.draining = undefined;
  }

  /** Resolves when every queued record has been sent or has failed. */
  async flush(): Promise<void> {
    while (this.lanes.some((l) => l.draining)) await Promise.all(this.lanes.map((l) => l.draining));
  }

  stats(): OutputStats[] {
    return this.lanes.map((l) => ({ ...l.stats, queued: l.queue.length }));
  }

  async close(): Promise<void> {
    await this.flush();
    await Promise.all(this.routes.map((r) => r.output.close()));
  }
}
