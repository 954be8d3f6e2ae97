import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CpuBudget } from '../../src/realtime/cpu-budget.ts';
import { ScanQueue } from '../../src/realtime/scan-queue.ts';

test('a burst of events on one path is scanned once, with the last event', async () => {
  const scanned: [string, number][] = [];
  const q = new ScanQueue<number>(async (k, n) => void scanned.push([k, n]), { debounceMs: 20 });
  for (let i = 0; i < 5; i++) q.push('/tmp/a', i);
  q.push('/tmp/b', 9);
  await new Promise((r) => setTimeout(r, 5));
  await q.drained();
  assert.deepEqual(scanned.sort(), [['/tmp/a', 4], ['/tmp/b', 9]]);
  assert.deepEqual(q.stats(), { pending: 0, scanned: 2, dropped: 0, throttled: 0, failed: 0 });
});

test('beyond maxPending new paths are dropped and counted; a queued path can still be refreshed', async () => {
  const scanned: string[] = [];
  const q = new ScanQueue<number>(async (k) => void scanned.push(k), { debounceMs: 20, maxPending: 2 });
  assert.equal(q.push('/a', 1), true);
  assert.equal(q.push('/b', 1), true);
  assert.equal(q.push('/c', 1), false);
  assert.equal(q.push('/a', 2), true);
  await q.drained();
  assert.deepEqual(scanned.sort(), ['/a', '/b']);
  assert.equal(q.stats().dropped, 1);
});

test('scans that use up the CPU budget make the next ones wait; a failing scan is reported and counted', async () => {
  let cpu = 0;
  const errors: string[] = [];
  const q = new ScanQueue<number>(
    async (k) => {
      cpu += 40; // each scan "uses" 40 ms of CPU against a 50 ms/s budget
      if (k === '/bad') throw new Error('unreadable');
    },
    { debounceMs: 1, budget: new CpuBudget(50), cpuMs: () => cpu },
    (k, e) => errors.push(`${k}: ${e.message}`),
  );
  for (const k of ['/1', '/2', '/bad']) q.push(k, 0);
  await q.drained();
  const s = q.stats();
  assert.equal(s.scanned, 2);
  assert.equal(s.failed, 1);
  assert.ok(s.throttled >= 1, JSON.stringify(s));
  assert.deepEqual(errors, ['/bad: unreadable']);
});

test('stop forgets waiting paths and takes no more', async () => {
  const scanned: string[] = [];
  const q = new ScanQueue<number>(async (k) => void scanned.push(k), { debounceMs: 50 });
  q.push('/a', 1);
  await q.stop();
  assert.equal(q.push('/b', 1), false);
  await new Promise((r) => setTimeout(r, 80));
  assert.deepEqual(scanned, []);
});
