import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Backoff } from '../../src/spool/backoff.ts';
import { Shipper } from '../../src/spool/shipper.ts';
import { Spool } from '../../src/spool/spool.ts';
import { TransportError, type Transport } from '../../src/spool/transport.ts';
import { runOutage, syntheticEvent } from './outage-scenario.ts';
import { Receiver, waitUntil } from './receiver.ts';

const here = dirname(fileURLToPath(import.meta.url));
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-shipper-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('receiver down for a while under 200 events/s: every event arrives exactly once after it returns', async () => {
  // The Done-when figure is a 60 s outage; bench/spool-outage.ts runs that one.
  const r = await runOutage({ outageMs: 4000, eventsPerSecond: 200 });
  assert.ok(r.sent >= 1000, `only ${r.sent} events produced`);
  assert.ok(r.spooledAtReturn > 0, 'nothing was spooled during the outage');
  assert.equal(r.lost, 0);
  assert.equal(r.duplicates, 0);
  assert.equal(r.received, r.sent);
});

test('a spooling process killed mid-stream delivers the rest exactly once after restart', async () => {
  const total = 3000;
  const receiver = new Receiver();
  receiver.delayMs = 15;
  await receiver.up();
  const state = join(dir, 'killed');
  const child = (mode: string) =>
    spawn(process.execPath, ['--import', 'tsx', join(here, 'spool-child.ts'), mode, state, receiver.url, String(total)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const first = child('produce');
    const exited = new Promise((resolve) => first.on('exit', resolve));
    await new Promise<void>((resolve) => first.stdout.on('data', (d: Buffer) => d.toString().includes('spooled') && resolve()));
    await waitUntil('some batches delivered', () => receiver.batchIds.size >= 5, 30_000);
    first.kill('SIGKILL');
    await exited;
    const before = receiver.seen.size;
    assert.ok(before > 0 && before < total, `kill landed mid-stream (${before} of ${total})`);

    const second = child('drain');
    const code = await new Promise((resolve) => second.on('exit', resolve));
    assert.equal(code, 0);
    assert.equal(receiver.seen.size, total, 'every spooled event arrived');
    assert.equal(receiver.duplicates(), 0, 'no event stored twice');
    assert.ok(receiver.resent <= 1, 'only the batch in flight at the kill may be re-sent');
    const spool = Spool.open(state);
    assert.equal(spool.stats().batches, 0);
    spool.close();
  } finally {
    await receiver.down();
  }
});

test('a batch the receiver refuses for good is dropped, counted, and does not block the rest', async () => {
  const spool = Spool.open(join(dir, 'refuse'));
  const bad = spool.append([syntheticEvent(1)]);
  spool.append([syntheticEvent(2)]);
  const delivered: string[] = [];
  const transport: Transport = {
    send: async (b) => {
      if (b.id === bad) throw new TransportError('HTTP 400', false);
      delivered.push(b.id);
      return { id: b.id };
    },
  };
  const warnings: string[] = [];
  const shipper = new Shipper(spool, transport, { idleMs: 10, onWarn: (m) => warnings.push(m) });
  shipper.start();
  await waitUntil('drain', () => spool.stats().batches === 0, 5000);
  await shipper.stop();
  assert.equal(delivered.length, 1);
  assert.equal(shipper.stats.rejected, 1);
  assert.equal(spool.stats().rejectedEvents, 1);
  assert.match(warnings.join('\n'), /refused and dropped/);
  spool.close();
});

test('retries back off while the receiver is down and stop() ends a backoff wait', async () => {
  const spool = Spool.open(join(dir, 'backoff'));
  spool.append([syntheticEvent(1)]);
  let attempts = 0;
  const transport: Transport = {
    send: async () => {
      attempts += 1;
      throw new TransportError('ECONNREFUSED', true);
    },
  };
  const warnings: string[] = [];
  const shipper = new Shipper(spool, transport, { backoff: new Backoff({ initialMs: 60_000, random: () => 0 }), onWarn: (m) => warnings.push(m) });
  shipper.start();
  await waitUntil('first attempt', () => attempts === 1, 5000);
  shipper.wake();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(attempts, 1, 'wake() must not cut a backoff wait short');
  await shipper.stop();
  assert.equal(spool.stats().batches, 1, 'an unacknowledged batch stays spooled');
  assert.equal(warnings.length, 1);
  spool.close();
});

test("the server's Retry-After outlasts a shorter backoff", async () => {
  const spool = Spool.open(join(dir, 'retry-after'));
  spool.append([syntheticEvent(1)]);
  let attempts = 0;
  const transport: Transport = {
    send: async () => {
      attempts += 1;
      throw new TransportError('HTTP 429', true, 429, 60_000);
    },
  };
  const shipper = new Shipper(spool, transport, { backoff: new Backoff({ initialMs: 1, maxMs: 1 }) });
  shipper.start();
  await waitUntil('first attempt', () => attempts === 1, 5000);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(attempts, 1, 'a 1 ms backoff alone would have retried many times by now');
  await shipper.stop();
  spool.close();
});
