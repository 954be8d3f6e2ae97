import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Batcher } from '../../src/spool/batcher.ts';
import { Spool } from '../../src/spool/spool.ts';
import { syntheticEvent } from './outage-scenario.ts';
import { waitUntil } from './receiver.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-batcher-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('a batch closes at maxEvents', () => {
  const spool = Spool.open(join(dir, 'count'));
  const ids: string[] = [];
  const b = new Batcher(spool, { maxEvents: 4, maxDelayMs: 60_000, onBatch: (id) => ids.push(id) });
  for (let i = 0; i < 10; i++) b.add(syntheticEvent(i));
  assert.equal(ids.length, 2);
  assert.equal(spool.stats().events, 8);
  b.flush();
  assert.equal(spool.stats().events, 10);
  assert.equal(ids.length, 3);
  spool.close();
});

test('a quiet stream is still written after maxDelayMs', async () => {
  const spool = Spool.open(join(dir, 'age'));
  const b = new Batcher(spool, { maxEvents: 1000, maxDelayMs: 30 });
  b.add(syntheticEvent(1));
  assert.equal(spool.stats().batches, 0);
  await waitUntil('timed flush', () => spool.stats().batches === 1, 5000);
  b.flush();
  assert.equal(spool.stats().batches, 1, 'an empty flush writes nothing');
  spool.close();
});
