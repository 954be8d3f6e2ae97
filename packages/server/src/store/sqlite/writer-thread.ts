/**
 * The store file's one writer for the hot paths: a thread with its own connection commits event
 * batches and detection's writes (alerts, incidents, analyzed marks, agents' last-seen). Inserts and
 * fsync leave the event loop that serves HTTP and runs detection; work that arrives while a commit
 * is in flight is committed together in the next transaction (group commit: one fsync for many);
 * and no other connection competes for the write lock on these paths — SQLite's busy handler
 * polls with growing sleeps, so a second writer beside a busy one waits up to seconds, and on the
 * event loop that wait blocks everything. A write's promise resolves only after its commit.
 *
 * A commit holding an event batch is synchronous=FULL (the WAL fsynced): an acked batch survives a
 * power loss. One holding only derived writes (detection, last-seen) skips the fsync: it survives a
 * process crash, and a power loss can drop only a suffix of such commits since the last synced one
 * (WAL keeps commit order, the next fsync covers them) — a batch's detection commit carries its
 * analyzed mark, so a dropped one means the batch is analyzed again, never half-recorded. Stores
 * opened on the same file in one process share the thread (`acquireWriter`).
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventBatch } from '../store.ts';

/** One SQL statement and its parameters, run on the writer's connection. */
export type Statement = readonly [sql: string, params: readonly unknown[]];

// Plain JavaScript evaluated as the thread's script, so it runs the same from the TypeScript
// sources and from the CLI bundle (which has no file for it).
const WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
let synchronous = '';
const sync = (level) => {
  if (level !== synchronous) db.pragma('synchronous = ' + (synchronous = level));
};
db.pragma('busy_timeout = 5000');
const insertBatch = db.prepare('INSERT OR IGNORE INTO event_batches (id, agent_id, host_id, received_at, count) VALUES (?, ?, ?, ?, ?)');
const insertEvent = db.prepare('INSERT INTO events (batch_id, idx, host_id, time, time_ms, kind, size, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
// The statements come from the store's fixed builders: a handful of distinct texts.
const prepared = new Map();
const statement = (sql) => {
  let s = prepared.get(sql);
  if (!s) prepared.set(sql, (s = db.prepare(sql)));
  return s;
};
// A nested transaction is a savepoint: a failing item is undone alone, the group still commits.
const appendBatch = db.transaction((b) => {
  if (insertBatch.run(b.id, b.agent_id, b.host_id, b.received_at, b.events.length).changes === 0) return true;
  b.events.forEach((ev, i) => {
    const body = JSON.stringify(ev);
    insertEvent.run(b.id, i, ev.host.id, ev.time, Date.parse(ev.time), ev.event.kind, body.length, body);
  });
  return false;
});
const runStatements = db.transaction((statements) => {
  for (const [sql, params] of statements) statement(sql).run(...params);
  return false;
});
const commit = db.transaction((group) =>
  group.map(({ seq, batch, statements }) => {
    try {
      return { seq, duplicate: batch ? appendBatch(batch) : runStatements(statements) };
    } catch (err) {
      return { seq, error: String(err && err.message) };
    }
  }),
);
let pending = [];
parentPort.on('message', (m) => {
  if (pending.push(m) === 1) setImmediate(flush);
});
function flush() {
  const group = pending;
  pending = [];
  let results;
  try {
    sync(group.some((m) => m.batch) ? 'FULL' : 'NORMAL');
    results = commit.immediate(group);
  } catch (err) {
    results = group.map(({ seq }) => ({ seq, error: String(err && err.message) }));
  }
  parentPort.postMessage(results);
}
`;

type Result = { seq: number; duplicate: boolean } | { seq: number; error: string };

export class WriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (r: { duplicate: boolean }) => void; reject: (err: Error) => void }>();
  private seq = 0;
  private failed?: Error;

  constructor(path: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WRITER, { eval: true, workerData: { path, driver } });
    // Referenced only while a write waits: an idle store never keeps the process alive.
    this.worker.unref();
    this.worker.on('message', (results: Result[]) => {
      for (const r of results) {
        const w = this.waiting.get(r.seq);
        this.waiting.delete(r.seq);
        if ('error' in r) w?.reject(new Error(`store: ${r.error}`));
        else w?.resolve({ duplicate: r.duplicate });
      }
      if (this.waiting.size === 0) this.worker.unref();
    });
    const fail = (err: Error) => {
      this.failed = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`store: writer thread exited (${code})`)));
  }

  /** Events go as objects: cloning them costs this thread half of serialising them here. */
  append(batch: EventBatch): Promise<{ duplicate: boolean }> {
    return this.post({ batch });
  }

  /** The statements in one savepoint of the next group commit: all of them or none. */
  async run(statements: readonly Statement[]): Promise<void> {
    if (statements.length > 0) await this.post({ statements });
  }

  private post(work: { batch: EventBatch } | { statements: readonly Statement[] }): Promise<{ duplicate: boolean }> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      const seq = this.seq++;
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(seq, { resolve, reject });
      this.worker.postMessage({ seq, ...work });
    });
  }

  /** After every write handed over so far has its answer. */
  async close(): Promise<void> {
    while (this.waiting.size > 0 && !this.failed) await new Promise((r) => this.worker.once('message', r));
    await this.worker.terminate();
  }
}

const shared = new Map<string, { writer: WriterThread; users: number }>();

/** The writer of the file at `path`, started on first use; each acquire is matched by a release. */
export function acquireWriter(path: string): WriterThread {
  const key = resolve(path);
  let entry = shared.get(key);
  if (!entry) shared.set(key, (entry = { writer: new WriterThread(path), users: 0 }));
  entry.users++;
  return entry.writer;
}

/** The last user's release stops the thread, after its pending writes are answered. */
export async function releaseWriter(writer: WriterThread): Promise<void> {
  for (const [key, entry] of shared) {
    if (entry.writer !== writer) continue;
    if (--entry.users > 0) return;
    shared.delete(key);
    await writer.close();
  }
}
