import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { RateLimiter } from '../../src/limits/rate-limits.ts';
import { ProcessMonitor } from '../../src/sensors/process-monitor.ts';
import type { ProcessRecord } from '../../src/sensors/process-record.ts';
import type { ProcessSensor } from '../../src/sensors/sensor.ts';

describe('RateLimiter', () => {
  it('limits each kind on its own bucket and counts drops per kind', () => {
    let t = 0;
    const l = new RateLimiter({ exec: { perSecond: 2, burst: 2 }, connect: { perSecond: 1 } }, () => t);
    const admitted = ['exec', 'exec', 'exec', 'connect', 'connect', 'exit', 'exit'].map((k) => l.admit(k));
    assert.deepEqual(admitted, [true, true, false, true, false, true, true]);
    assert.deepEqual(l.dropped(), { exec: 1, connect: 1 });
    t += 1000;
    assert.equal(l.admit('connect'), true);
    assert.deepEqual(l.dropped(), { exec: 1, connect: 1 });
  });
});

/** Delivers a batch of records of one kind when told to. */
class BatchSensor implements ProcessSensor {
  readonly name = 'fake';
  #onRecords?: (r: ProcessRecord[]) => void;
  async start(onRecords: (r: ProcessRecord[]) => void): Promise<void> {
    this.#onRecords = onRecords;
  }
  async stop(): Promise<void> {}
  lost(): number {
    return 0;
  }
  emit(kind: ProcessRecord['kind'], n: number): void {
    const records = Array.from({ length: n }, (_, i): ProcessRecord => ({ kind, pid: 100 + i, ppid: 1, startBootNs: BigInt(i + 1) * 1_000_000_000n, timeNs: 1n, uid: 0, euid: 0, gid: 0, egid: 0, comm: 'x', args: ['x'], exitStatus: 0 }));
    this.#onRecords!(records);
  }
}

describe('ProcessMonitor with rate limits', () => {
  it('drops what exceeds the limit and reports the drops in the health', async () => {
    const events: VigilEvent[] = [];
    const sensor = new BatchSensor();
    const limiter = new RateLimiter({ exec: { perSecond: 3, burst: 3 } }, () => 0);
    const m = new ProcessMonitor({ host: { id: 'h' }, onEvent: (e) => events.push(e), sensors: [sensor], containers: { lookup: async () => undefined }, limiter });
    await m.start();
    sensor.emit('exec', 10);
    sensor.emit('exit', 4);
    await m.flush();
    assert.equal(events.filter((e) => e.event.kind === 'process.exec').length, 3);
    assert.equal(events.filter((e) => e.event.kind === 'process.exit').length, 4);
    const h = m.health();
    assert.equal(h.events, 7);
    assert.deepEqual(h.dropped, { exec: 7 });
    await m.stop();
  });

  it('reports no drops field without a limiter', async () => {
    const m = new ProcessMonitor({ host: { id: 'h' }, onEvent: () => undefined, sensors: [new BatchSensor()], containers: { lookup: async () => undefined } });
    await m.start();
    assert.equal('dropped' in m.health(), false);
    await m.stop();
  });
});
