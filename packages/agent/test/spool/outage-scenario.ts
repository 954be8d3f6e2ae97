/**
 * The spool's Done-when scenario, shared by its test (short outage) and bench/spool-outage.ts
 * (the full 60 s): events at a steady rate through batcher → spool → shipper → HTTP receiver,
 * with the receiver down for `outageMs` in the middle.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VigilEvent } from '@vigil/schema';
import { Backoff } from '../../src/spool/backoff.ts';
import { Batcher } from '../../src/spool/batcher.ts';
import { Shipper } from '../../src/spool/shipper.ts';
import { Spool } from '../../src/spool/spool.ts';
import { HttpTransport } from '../../src/spool/transport.ts';
import { Receiver, waitUntil } from './receiver.ts';

export interface OutageOptions {
  outageMs: number;
  eventsPerSecond?: number;
  /** Production before and after the outage. */
  steadyMs?: number;
  /** How long delivery may take once the receiver is back. */
  drainTimeoutMs?: number;
}

export interface OutageResult {
  sent: number;
  received: number;
  duplicates: number;
  lost: number;
  /** Batches re-sent with an id the receiver already had. */
  resent: number;
  /** Batches in the spool when the receiver came back. */
  spooledAtReturn: number;
  /** From the receiver's return until everything produced before it had arrived. */
  catchUpMs: number;
}

export function syntheticEvent(seq: number): VigilEvent {
  return {
    time: new Date().toISOString(),
    event: { kind: 'process.exec', sensor: 'test' },
    host: { id: 'spool-test' },
    process: { pid: 1000 + (seq % 30000), executable: '/bin/true', args: ['/bin/true', String(seq)] },
    labels: { seq: String(seq) },
  };
}

export async function runOutage(opts: OutageOptions): Promise<OutageResult> {
  const rate = opts.eventsPerSecond ?? 200;
  const steadyMs = opts.steadyMs ?? 1000;
  const dir = await mkdtemp(join(tmpdir(), 'vigil-spool-outage-'));
  const receiver = new Receiver();
  await receiver.up();
  const spool = Spool.open(dir);
  const shipper = new Shipper(spool, new HttpTransport({ url: receiver.url, timeoutMs: 5000 }), {
    backoff: new Backoff({ initialMs: 100, maxMs: 2000 }),
  });
  const batcher = new Batcher(spool, { maxEvents: 100, maxDelayMs: 250, onBatch: () => shipper.wake() });
  shipper.start();

  let sent = 0;
  const tickMs = 50;
  const started = Date.now();
  const producer = setInterval(() => {
    // Catch up to the schedule so timer jitter does not lower the rate.
    const due = Math.floor(((Date.now() - started) * rate) / 1000);
    while (sent < due) batcher.add(syntheticEvent(sent++));
  }, tickMs);
  try {
    await sleep(steadyMs);
    await receiver.down();
    await sleep(opts.outageMs);
    const spooledAtReturn = spool.stats().batches;
    await receiver.up();
    const back = Date.now();
    const backlog = sent;
    const timeout = opts.drainTimeoutMs ?? 60_000;
    const catchUp = waitUntil('the backlog to arrive', () => receiver.seen.size >= backlog, timeout).then(() => Date.now() - back, () => Number.NaN);
    await sleep(steadyMs);
    clearInterval(producer);
    batcher.flush();
    await waitUntil('every event to arrive', () => receiver.seen.size >= sent, timeout).catch(() => undefined);
    const received = receiver.seen.size;
    return { sent, received, duplicates: receiver.duplicates(), lost: sent - received, resent: receiver.resent, spooledAtReturn, catchUpMs: await catchUp };
  } finally {
    clearInterval(producer);
    await shipper.stop();
    spool.close();
    await receiver.down();
    await rm(dir, { recursive: true, force: true });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
