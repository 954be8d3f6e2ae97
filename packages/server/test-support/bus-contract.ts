/**
 * The Bus contract (see src/bus/bus.ts), run against each implementation: the in-process bus in
 * test/bus-memory.test.ts, JetStream in the NATS tests. `makeBus` returns a fresh, empty bus.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Bus, BusMessage } from '../src/bus/bus.ts';

export function busContract(name: string, makeBus: () => Promise<Bus>): void {
  async function collect(bus: Bus, until: (seen: BusMessage<number>[]) => boolean, fail?: (m: BusMessage<number>) => boolean) {
    const seen: BusMessage<number>[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const consumer = await bus.consume<number>('events', async (m) => {
      if (fail?.(m)) throw new Error('handler failed');
      seen.push(m);
      if (until(seen)) done();
    });
    return { seen, finished, consumer };
  }

  test(`${name}: one host's messages arrive in publish order, every host's arrive`, async () => {
    const bus = await makeBus();
    try {
      const hosts = ['h-a', 'h-b', 'h-c', 'h-d', 'h-e'];
      for (let i = 0; i < 50; i++) for (const h of hosts) await bus.publish({ topic: 'events', key: h, id: `${h}-${i}`, payload: i });
      const { seen, finished, consumer } = await collect(bus, (s) => s.length === 250);
      await finished;
      await consumer.stop();
      for (const h of hosts) assert.deepEqual(seen.filter((m) => m.key === h).map((m) => m.payload), Array.from({ length: 50 }, (_, i) => i));
    } finally {
      await bus.close();
    }
  });

  test(`${name}: a failed delivery is redelivered with the same id`, async () => {
    const bus = await makeBus();
    try {
      let failures = 0;
      await bus.publish({ topic: 'events', key: 'h-a', id: 'b-1', payload: 1 });
      const { seen, finished, consumer } = await collect(
        bus,
        (s) => s.length === 1,
        () => failures++ < 2,
      );
      await finished;
      await consumer.stop();
      assert.equal(failures, 3);
      assert.equal(seen[0].id, 'b-1');
    } finally {
      await bus.close();
    }
  });
}
