import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OutputDispatcher } from '../../src/outputs/dispatcher.ts';
import type { Output, OutputAlert } from '../../src/outputs/output.ts';
import { sampleAlert } from './alert-fixture.ts';

/** An output that records what it got; `gate` holds each send until released. */
class RecordingOutput implements Output {
  readonly got: string[] = [];
  private release: Array<() => void> = [];
  constructor(
    readonly name: string,
    private readonly behaviour: 'ok' | 'fail' | 'gated' = 'ok',
  ) {}
  async send(alert: OutputAlert): Promise<void> {
    if (this.behaviour === 'gated') await new Promise<void>((r) => this.release.push(r));
    if (this.behaviour === 'fail') throw new Error('receiver down');
    this.got.push(alert.id);
  }
  open(): void {
    for (const r of this.release.splice(0)) r();
  }
  async close(): Promise<void> {}
}

test('every output gets every alert in order; a failing output is counted and does not stop the others', async () => {
  const ok = new RecordingOutput('ok');
  const down = new RecordingOutput('down', 'fail');
  const errors: string[] = [];
  const d = new OutputDispatcher([{ output: ok }, { output: down }], { onError: (o, a) => errors.push(`${o.name}:${a.id}`) });
  for (const id of ['a', 'b', 'c']) d.publish(sampleAlert({ id }));
  await d.flush();
  assert.deepEqual(ok.got, ['a', 'b', 'c']);
  assert.deepEqual(errors, ['down:a', 'down:b', 'down:c']);
  assert.deepEqual(d.stats(), [
    { name: 'ok', sent: 3, failed: 0, dropped: 0, queued: 0 },
    { name: 'down', sent: 0, failed: 3, dropped: 0, queued: 0 },
  ]);
});

test('a slow output fills its own bounded queue and drops the excess while a fast one gets everything', async () => {
  const slow = new RecordingOutput('slow', 'gated');
  const fast = new RecordingOutput('fast');
  const d = new OutputDispatcher([{ output: slow }, { output: fast }], { queueLimit: 2 });
  // The first alert is in flight at the slow output, two wait, the rest are dropped there.
  for (let i = 0; i < 6; i++) {
    d.publish(sampleAlert({ id: `x${i}` }));
    await new Promise((r) => setImmediate(r));
  }
  assert.deepEqual(d.stats()[0], { name: 'slow', sent: 0, failed: 0, dropped: 3, queued: 2 });
  const closing = d.close();
  for (let i = 0; i < 3; i++) {
    slow.open();
    await new Promise((r) => setImmediate(r));
  }
  await closing;
  assert.deepEqual(slow.got, ['x0', 'x1', 'x2']);
  assert.equal(fast.got.length, 6);
});

test('an output with a minimum severity gets only alerts at or above it', async () => {
  const all = new RecordingOutput('all');
  const urgent = new RecordingOutput('urgent');
  const d = new OutputDispatcher([{ output: all }, { output: urgent, minSeverity: 'high' }]);
  for (const severity of ['info', 'medium', 'high', 'critical'] as const) d.publish(sampleAlert({ id: severity, severity }));
  await d.flush();
  assert.deepEqual(all.got, ['info', 'medium', 'high', 'critical']);
  assert.deepEqual(urgent.got, ['high', 'critical']);
});
