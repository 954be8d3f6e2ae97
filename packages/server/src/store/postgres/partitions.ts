/**
 * The day partitions of `events`: one table per UTC day of the event time, named `events_dYYYYMMDD`
 * and covering [day start, next day start) in `time_ms`. Partitions are created on first use (by
 * any process: a concurrent creation of the same day is not an error) and dropped whole by
 * retention, which is why a day can be forgotten by this process's cache while another one drops
 * it — inserts that find no partition clear the cache and retry.
 */
import { isPgError, run, type Queryable } from './sql.ts';

export const DAY_MS = 86_400_000;

export interface DayPartition {
  name: string;
  start: number;
}

export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function partitionName(start: number): string {
  return `events_d${new Date(start).toISOString().slice(0, 10).replace(/-/g, '')}`;
}

const DUPLICATE_TABLE = '42P07';
const DUPLICATE_TYPE_ROW = '23505';
export const NO_PARTITION = '23514';

export class EventPartitions {
  private readonly known = new Set<number>();

  constructor(private readonly db: Queryable) {}

  async ensure(times: Iterable<number>): Promise<void> {
    for (const t of times) {
      const start = dayStart(t);
      if (this.known.has(start)) continue;
      try {
        await run(this.db, `CREATE TABLE IF NOT EXISTS ${partitionName(start)} PARTITION OF events FOR VALUES FROM (${start}) TO (${start + DAY_MS})`);
      } catch (err) {
        // Two processes creating the same day at once: one wins, the other sees the table exist.
        if (!isPgError(err, DUPLICATE_TABLE) && !isPgError(err, DUPLICATE_TYPE_ROW)) throw err;
      }
      this.known.add(start);
    }
  }

  forget(): void {
    this.known.clear();
  }

  /** Every day partition, oldest first. */
  async list(): Promise<DayPartition[]> {
    const { rows } = await run(
      this.db,
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'events'::regclass ORDER BY c.relname`,
    );
    return rows.map((r) => {
      const d = /^events_d(\d{4})(\d{2})(\d{2})$/.exec(r.name)!;
      return { name: r.name as string, start: Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])) };
    });
  }

  /** Drops the day; returns how many events it held. */
  async drop(p: DayPartition): Promise<number> {
    const { rows } = await run(this.db, `SELECT count(*) AS n FROM ${p.name}`);
    await run(this.db, `DROP TABLE IF EXISTS ${p.name}`);
    this.known.delete(p.start);
    return rows[0].n as number;
  }
}
