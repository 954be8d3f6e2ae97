/**
 * The agent's outbound queue on disk. Every batch is written here before it is sent, so a batch
 * survives the server being down and the agent being killed. One SQLite file in WAL mode with
 * synchronous=FULL: an `append` or `ack` that returned is on disk (the WAL is fsynced at each
 * commit). The size cap drops the oldest batches first and counts what it dropped, persistently.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { VigilEvent } from '@vigil/schema';
import { UserError } from '@vigil/schema';

/** A batch as it travels: `body` is the JSON array of its events, kept as stored. */
export interface OutboundBatch {
  id: string;
  /** Events in the batch. */
  count: number;
  body: string;
}

export interface SpoolStats {
  batches: number;
  events: number;
  bytes: number;
  /** Oldest batches dropped by the size cap since the spool was created. */
  droppedBatches: number;
  droppedEvents: number;
  /** Batches the server refused as malformed (never retried). */
  rejectedBatches: number;
  rejectedEvents: number;
}

export interface SpoolOptions {
  /** Cap on stored event bytes; the oldest batches go first. Default 256 MiB. */
  maxBytes?: number;
}

export const SPOOL_FILE = 'spool.sqlite';
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS batches (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, count INTEGER NOT NULL,
  bytes INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

type Counter = 'droppedBatches' | 'droppedEvents' | 'rejectedBatches' | 'rejectedEvents';

export class Spool {
  private readonly db: Database.Database;
  private readonly maxBytes: number;

  private constructor(db: Database.Database, maxBytes: number) {
    this.db = db;
    this.maxBytes = maxBytes;
  }

  static open(stateDir: string, opts: SpoolOptions = {}): Spool {
    let db: Database.Database;
    try {
      mkdirSync(stateDir, { recursive: true });
      db = new Database(join(stateDir, SPOOL_FILE));
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(SCHEMA);
    } catch (err) {
      throw new UserError(`cannot open the agent spool in ${stateDir}: ${(err as Error).message}`, 'BAD_STATE_DIR');
    }
    return new Spool(db, opts.maxBytes ?? DEFAULT_MAX_BYTES);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Store a batch durably under a new unique id and return the id. If the spool is over its cap
   * afterwards, the oldest batches are dropped (never the new one) and counted.
   */
  append(events: VigilEvent[]): string {
    const id = randomUUID();
    const body = JSON.stringify(events);
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO batches (id, count, bytes, body) VALUES (?, ?, ?, ?)').run(id, events.length, Buffer.byteLength(body), body);
      this.enforceCap();
    })();
    return id;
  }

  private enforceCap(): void {
    const total = () => (this.db.prepare('SELECT coalesce(sum(bytes), 0) AS b, count(*) AS n FROM batches').get() as { b: number; n: number });
    const oldest = this.db.prepare('SELECT seq, count FROM batches ORDER BY seq LIMIT 1');
    const drop = this.db.prepare('DELETE FROM batches WHERE seq = ?');
    for (let t = total(); t.b > this.maxBytes && t.n > 1; t = total()) {
      const row = oldest.get() as { seq: number; count: number };
      drop.run(row.seq);
      this.bump('droppedBatches', 1);
      this.bump('droppedEvents', row.count);
    }
  }

  private bump(key: Counter, by: number): void {
    this.db.prepare('INSERT INTO counters (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = value + excluded.value').run(key, by);
  }

  /** The oldest batch not yet acknowledged. */
  peek(): OutboundBatch | undefined {
    return this.db.prepare('SELECT id, count, body FROM batches ORDER BY seq LIMIT 1').get() as OutboundBatch | undefined;
  }

  /** The receiver holds the batch durably: it is never sent again. */
  ack(id: string): void {
    this.db.prepare('DELETE FROM batches WHERE id = ?').run(id);
  }

  /** The receiver refused the batch for good: drop it and count it. */
  reject(id: string): void {
    this.db.transaction(() => {
      const row = this.db.prepare('DELETE FROM batches WHERE id = ? RETURNING count').get(id) as { count: number } | undefined;
      if (!row) return;
      this.bump('rejectedBatches', 1);
      this.bump('rejectedEvents', row.count);
    })();
  }

  stats(): SpoolStats {
    const q = this.db.prepare('SELECT count(*) AS batches, coalesce(sum(count), 0) AS events, coalesce(sum(bytes), 0) AS bytes FROM batches').get() as {
      batches: number;
      events: number;
      bytes: number;
    };
    const c = Object.fromEntries((this.db.prepare('SELECT key, value FROM counters').all() as { key: Counter; value: number }[]).map((r) => [r.key, r.value]));
    return {
      ...q,
      droppedBatches: c.droppedBatches ?? 0,
      droppedEvents: c.droppedEvents ?? 0,
      rejectedBatches: c.rejectedBatches ?? 0,
      rejectedEvents: c.rejectedEvents ?? 0,
    };
  }
}
