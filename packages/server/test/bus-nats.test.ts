import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { UserError } from '@vigil/schema';
import { BusFullError, partitionOf, type BusMessage } from '../src/bus/bus.ts';
import { NatsBus, openNatsBus } from '../src/bus/nats.ts';
import { parseNatsUrl } from '../src/bus/nats-url.ts';
import { busContract } from '../test-support/bus-contract.ts';
import { TestStreams } from '../test-support/nats-streams.ts';

const streams = new TestStreams();
after(() => streams.deleteAll());

busContract('nats bus', () => openNatsBus(streams.url({ partitions: 4 }), { retryDelayMs: 1 }));

/** Collects what a consumer gets until `n` messages arrived. */
function collector(n: number) {
  const seen: BusMessage[] = [];
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  return {
    seen,
    finished,
    handler: async (m: BusMessage) => {
      seen.push(m);
      if (seen.length === n) done();
    },
  };
}

test('nats bus: a batch published twice under one id is stored and delivered once', async () => {
  const bus = await openNatsBus(streams.url({ partitions: 2 }));
  try {
    await bus.publish({ topic: 'events', key: 'h1', id: 'b-1', payload: { n: 1 } });
    await bus.publish({ topic: 'events', key: 'h1', id: 'b-1', payload: { n: 1 } });
    await bus.publish({ topic: 'events', key: 'h1', id: 'b-2', payload: { n: 2 } });
    // Same id on another topic is another message.
    await bus.publish({ topic: 'inventory', key: 'h1', id: 'b-1', payload: { host_id: 'h1' } });
    const c = collector(2);
    const consumer = await bus.consume('events', c.handler);
    await c.finished;
    await consumer.stop();
    assert.deepEqual(c.seen.map((m) => [m.id, m.payload]), [['b-1', { n: 1 }], ['b-2', { n: 2 }]]);
    assert.equal(bus.stats().published, 4);
  } finally {
    await bus.close();
  }
});

test('nats bus: a full stream refuses publishes with BusFullError, and takes them again once consumed', async () => {
  const bus = await openNatsBus(streams.url({ partitions: 1, capacity: 2 }));
  try {
    await bus.publish({ topic: 'events', key: 'h', id: '1', payload: null });
    await bus.publish({ topic: 'events', key: 'h', id: '2', payload: null });
    await assert.rejects(bus.publish({ topic: 'events', key: 'h', id: '3', payload: null }), BusFullError);
    assert.equal(bus.stats().refused, 1);
    const c = collector(2);
    const consumer = await bus.consume('events', c.handler);
    await c.finished;
    await consumer.stop();
    await bus.publish({ topic: 'events', key: 'h', id: '3', payload: null });
  } finally {
    await bus.close();
  }
});

test('nats bus: two analyzers split the partitions; each host is consumed by exactly one of them, in order', async () => {
  const url = streams.url({ partitions: 4 });
  const stream = new URL(url).searchParams.get('stream')!;
  const ingest = await openNatsBus(url);
  const a0 = await openNatsBus(streams.urlFor(stream, { partitions: 4, analyzer: '0/2' }));
  const a1 = await openNatsBus(streams.urlFor(stream, { partitions: 4, analyzer: '1/2' }));
  try {
    const hosts = Array.from({ length: 12 }, (_, i) => `host-${i}`);
    for (let i = 0; i < 5; i++) for (const h of hosts) await ingest.publish({ topic: 'events', key: h, id: `${h}-${i}`, payload: i });
    const got = new Map<string, { by: number; order: number[] }>();
    let total = 0;
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    const handler = (by: number) => async (m: BusMessage) => {
      const entry = got.get(m.key) ?? { by, order: [] };
      assert.equal(entry.by, by, `host ${m.key} reached both analyzers`);
      entry.order.push(m.payload as number);
      got.set(m.key, entry);
      if (++total === hosts.length * 5) done();
    };
    const c0 = await a0.consume('events', handler(0));
    const c1 = await a1.consume('events', handler(1));
    await all;
    await Promise.all([c0.stop(), c1.stop()]);
    for (const h of hosts) {
      assert.deepEqual(got.get(h)?.order, [0, 1, 2, 3, 4]);
      assert.equal(got.get(h)?.by, partitionOf(h, 4) % 2);
    }
    assert.ok(new Set([...got.values()].map((e) => e.by)).size === 2, 'both analyzers worked');
  } finally {
    await Promise.all([ingest.close(), a0.close(), a1.close()]);
  }
});

test('nats bus: a message whose analyzer died before acknowledging is redelivered to the next one', async () => {
  const url = streams.url({ partitions: 1 });
  const first = await NatsBus.open(parseNatsUrl(url), { ackWaitMs: 1000 });
  await first.publish({ topic: 'events', key: 'h', id: 'b-crash', payload: 'x' });
  let started!: () => void;
  const inHandler = new Promise<void>((r) => (started = r));
  await first.consume('events', () => {
    started();
    return new Promise<void>(() => undefined); // never commits: the process "dies" here
  });
  await inHandler;
  // The dead analyzer's connection goes away without an ack.
  await (first as unknown as { nc: { close(): Promise<void> } }).nc.close();

  const second = await NatsBus.open(parseNatsUrl(url), { ackWaitMs: 1000 });
  try {
    const c = collector(1);
    const consumer = await second.consume('events', c.handler);
    await c.finished;
    await consumer.stop();
    assert.equal(c.seen[0].id, 'b-crash');
  } finally {
    await second.close();
  }
});

test('nats bus: a message failing every attempt is dropped and counted, and its partition moves on', async () => {
  const dead: string[] = [];
  const bus = await openNatsBus(streams.url({ partitions: 1 }), { maxAttempts: 2, retryDelayMs: 1, onDead: (m) => dead.push(m.id) });
  try {
    await bus.publish({ topic: 'events', key: 'h', id: 'poison', payload: null });
    await bus.publish({ topic: 'events', key: 'h', id: 'next', payload: null });
    const c = collector(1);
    const consumer = await bus.consume('events', async (m) => {
      if (m.id === 'poison') throw new Error('bad');
      await c.handler(m);
    });
    await c.finished;
    await consumer.stop();
    assert.deepEqual(dead, ['poison']);
    assert.deepEqual(c.seen.map((m) => m.id), ['next']);
    assert.equal(bus.stats().dead, 1);
  } finally {
    await bus.close();
  }
});

test('nats bus: a process started with another partition count is refused', async () => {
  const url = streams.url({ partitions: 4 });
  const bus = await openNatsBus(url);
  await bus.close();
  await assert.rejects(openNatsBus(url.replace('partitions=4', 'partitions=8')), (err: unknown) => err instanceof UserError && /other partitions/.test(err.message));
});

test('nats URL: servers, options, analyzer ownership (explicit and from a StatefulSet ordinal), and user errors', () => {
  const c = parseNatsUrl('nats://n1:4222,n2:4222?stream=PROD&partitions=6&replicas=3&analyzer=1/3');
  assert.deepEqual([c.servers, c.stream, c.subjectPrefix, c.partitions, c.replicas, c.owned], [['n1:4222', 'n2:4222'], 'PROD', 'prod', 6, 3, [1, 4]]);
  assert.deepEqual(parseNatsUrl('nats://n:4222').owned, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(parseNatsUrl('nats://n:4222?partitions=4&analyzer=auto/2', 'vigil-analyze-1').owned, [1, 3]);
  for (const [url, why] of [
    ['http://n:4222', /expected nats:\/\//],
    ['nats://n:4222?partitions=0', /partitions must be an integer/],
    ['nats://n:4222?analyzer=2/2', /not below 2/],
    ['nats://n:4222?analyzer=auto/2', /host name ending in -<ordinal>/],
    ['nats://n:4222?colour=red', /unknown option colour/],
    ['nats://n:4222?stream=a.b', /stream must be/],
  ] as const) {
    assert.throws(() => parseNatsUrl(url, 'plainhost'), (err: unknown) => err instanceof UserError && why.test(err.message), url);
  }
});

test('nats bus: an unreachable server is a user error', async () => {
  await assert.rejects(openNatsBus('nats://127.0.0.1:1'), (err: unknown) => err instanceof UserError && /cannot connect to NATS/.test(err.message));
});
