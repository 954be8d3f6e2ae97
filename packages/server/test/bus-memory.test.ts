import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BusFullError } from '../src/bus/bus.ts';
import { MemoryBus } from '../src/bus/memory.ts';
import { busContract } from '../test-support/bus-contract.ts';

busContract('memory bus', async () => new MemoryBus({ retryDelayMs: 1 }));

test('memory bus: refuses past its capacity instead of growing, and accepts again once drained', async () => {
  const bus = new MemoryBus({ capacity: 10 });
  await bus.publish({ topic: 'events', key: 'h', id: '1', payload: null, weight: 6 });
  await assert.rejects(bus.publish({ topic: 'events', key: 'h', id: '2', payload: null, weight: 6 }), BusFullError);
  assert.equal(bus.stats().refused, 1);
  assert.equal(bus.stats().depth, 6);
  const consumer = await bus.consume('events', async () => {});
  await bus.drained();
  await bus.publish({ topic: 'events', key: 'h', id: '2', payload: null, weight: 6 });
  await bus.drained();
  assert.equal(bus.stats().depth, 0);
  await consumer.stop();
  await bus.close();
});

test('memory bus: a message failing every attempt is dropped, counted, and does not block its partition', async () => {
  const dead: string[] = [];
  const bus = new MemoryBus({ maxAttempts: 2, retryDelayMs: 1, partitions: 1, onDead: (m) => dead.push(m.id) });
  const handled: string[] = [];
  await bus.consume('events', async (m) => {
    if (m.id === 'poison') throw new Error('bad');
    handled.push(m.id);
  });
  await bus.publish({ topic: 'events', key: 'h', id: 'poison', payload: null });
  await bus.publish({ topic: 'events', key: 'h', id: 'next', payload: null });
  await bus.drained();
  assert.deepEqual(dead, ['poison']);
  assert.deepEqual(handled, ['next']);
  assert.equal(bus.stats().dead, 1);
  await bus.close();
});
