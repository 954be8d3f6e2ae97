/**
 * Event batches are committed by a writer thread with its own connection to the store file: the
 * inserts and the fsync leave the event loop that serves HTTP and runs detection, and batches that
 * arrive while a commit is in flight are committed together in the next transaction (group
 * commit: one fsync for many batches). A batch's promise resolves only after its commit.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { EventBatch } from '../store.ts';

// Plain JavaScript evaluated as the thread's script, so it runs the same from the TypeScript
// sources and from the CLI bundle (which has no file for it).
const WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('synchronous = ' + workerData.synchronous);
db.pragma('busy_timeout = 5000');
const insertBatch = db.prepare('INSERT OR IGNORE INTO event_batches (id, agent_id, host_id, received_at, count) VALUES (?, ?, ?, ?, ?)');
const insertEvent = db.prepare('INSERT INTO events (batch_id, idx, host_id, time, time_ms, kind, size, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
// A nested transaction is a savepoint: a failing batch is undone alone, the group still commits.
const appendBatch = db.transaction((b) => {
  if (insertBatch.run(b.id, b.agent_id, b.host_id, b.received_at, b.events.length).changes === 0) return true;
  b.events.forEach((ev, i) => {
    const body = JSON.stringify(ev);
    insertEvent.run(b.id, i, ev.host.id, ev.time, Date.parse(ev.time), ev.event.kind, body.length, body);
  });
  return false;
});
const commit = db.transaction((group) =>
  group.map(({ seq, batch }) => {
    try {
      return { seq, duplicate: appendBatch(batch) };
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
    results = commit.immediate(group);
  } catch (err) {
    results = group.map(({ seq }) => ({ seq, error: String(err && err.message) }));
  }
  parentPort.postMessage(results);
}
`;

type Result = { seq: number; duplicate: boolean } | { seq: number; error: string };

export class EventWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (r: { duplicate: boolean }) => void; reject: (err: Error) => void }>();
  private seq = 0;
  private failed?: Error;

  constructor(path: string, synchronous: 'FULL' | 'NORMAL') {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WRITER, { eval: true, workerData: { path, synchronous, driver } });
    // Referenced only while a batch waits: an idle store never keeps the process alive.
    this.worker.unref();
    this.worker.on('message', (results: Result[]) => {
      for (const r of results) {
        const w = this.waiting.get(r.seq);
        this.waiting.delete(r.seq);
        if ('error' in r) w?.reject(new Error(`store: appending events: ${r.error}`));
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
    this.worker.on('exit', (code) => fail(new Error(`store: event writer exited (${code})`)));
  }

  /** Events go as objects: cloning them costs this thread half of serialising them here. */
  append(batch: EventBatch): Promise<{ duplicate: boolean }> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      const seq = this.seq++;
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(seq, { resolve, reject });
      this.worker.postMessage({ seq, batch });
    });
  }

  /** After every batch handed over so far has its answer. */
  async close(): Promise<void> {
    while (this.waiting.size > 0 && !this.failed) await new Promise((r) => this.worker.once('message', r));
    await this.worker.terminate();
  }
}
