import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { UserError } from '@vigil/schema';
import { Spool } from '../../src/spool/spool.ts';
import { syntheticEvent } from './outage-scenario.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-spool-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const events = (from: number, n: number) => Array.from({ length: n }, (_, i) => syntheticEvent(from + i));

test('batches come out oldest first with unique ids, and leave only when acknowledged', () => {
  const spool = Spool.open(join(dir, 'order'));
  const a = spool.append(events(0, 3));
  const b = spool.append(events(3, 2));
  assert.notEqual(a, b);
  const first = spool.peek();
  assert.equal(first?.id, a);
  assert.equal(first?.count, 3);
  assert.deepEqual((JSON.parse(first!.body) as { labels: { seq: string } }[]).map((e) => e.labels.seq), ['0', '1', '2']);
  assert.equal(spool.peek()?.id, a, 'peeking does not consume');
  spool.ack(a);
  assert.equal(spool.peek()?.id, b);
  spool.ack(b);
  assert.equal(spool.peek(), undefined);
  spool.close();
});

test('what was appended survives a restart; what was acknowledged does not come back', () => {
  const path = join(dir, 'resume');
  const s1 = Spool.open(path);
  const a = s1.append(events(0, 1));
  const b = s1.append(events(1, 1));
  s1.ack(a);
  s1.close();
  const s2 = Spool.open(path);
  assert.equal(s2.peek()?.id, b);
  assert.equal(s2.stats().batches, 1);
  s2.close();
});

test('over the size cap the oldest batches are dropped first, counted, and the count persists', () => {
  const path = join(dir, 'cap');
  const batches = [0, 1, 2, 3, 4].map((i) => events(100 + i * 10, 10));
  const size = Buffer.byteLength(JSON.stringify(batches[0]));
  const cap = size * 3 + 10;
  const spool = Spool.open(path, { maxBytes: cap });
  const ids = batches.map((b) => spool.append(b));
  const st = spool.stats();
  assert.equal(st.batches, 3);
  assert.equal(st.droppedBatches, 2);
  assert.equal(st.droppedEvents, 20);
  assert.ok(st.bytes <= cap);
  assert.equal(spool.peek()?.id, ids[2], 'the two oldest went');
  spool.close();
  const again = Spool.open(path, { maxBytes: cap });
  assert.equal(again.stats().droppedEvents, 20);
  again.close();
});

test('a batch larger than the whole cap is kept rather than lost', () => {
  const spool = Spool.open(join(dir, 'huge'), { maxBytes: 10 });
  spool.append(events(0, 1));
  const big = spool.append(events(1, 5));
  assert.equal(spool.peek()?.id, big);
  assert.equal(spool.stats().droppedBatches, 1);
  spool.close();
});

test('reject drops a batch and counts it apart from cap drops', () => {
  const spool = Spool.open(join(dir, 'reject'));
  const id = spool.append(events(0, 4));
  spool.reject(id);
  spool.reject(id);
  const st = spool.stats();
  assert.deepEqual([st.batches, st.rejectedBatches, st.rejectedEvents, st.droppedBatches], [0, 1, 4, 0]);
  spool.close();
});

test('a state directory that cannot be used is a user error', async () => {
  const file = join(dir, 'not-a-dir');
  await writeFile(file, '');
  assert.throws(() => Spool.open(file), UserError);
});
