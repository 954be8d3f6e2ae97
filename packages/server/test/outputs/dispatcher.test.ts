import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OutputDispatcher } from '../../src/outputs/dispatcher.ts';
import { inspectionRecord, recordId, type Output, type OutputRecord } from '../../src/outputs/output.ts';
import { sampleAlertRecord, sampleInspection } from './alert-fixture.ts';

/** An output that records what it got; `gate` holds each send until released. */
class RecordingOutput implements Output {
  readonly got: string[] = [];
  private release: Array<() => void> = [];
  constructor(
    readonly name: string,
    private readonly behaviour: 'ok' | 'fail' | 'gated' = 'ok',
  ) {}
  async send(record: OutputRecord): Promise<void> {
    if (this.behaviour === 'gated') await new Promise<void>((r) => this.release.push(r));
    if (this.behaviour === 'fail') throw new Error('receiver down');
    this.got.push(recordId(record));
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
  const d = new OutputDispatcher([{ output: ok }, { output: down }], { onError: (o, r) => errors.push(`${o.name}:${recordId(r)}`) });
  for (const id of ['a', 'b', 'c']) d.publish(sampleAlertRecord({ id }));
  await d.flush();
  assert.deepEqual(ok.got, ['a', 'b', 'c']);
  assert.deepEqual(errors, ['down:a', 'down:b', 'down:c']);
  assert.deepEqual(d.stats(), [
    { name: 'ok', records: 'alerts', sent: 3, failed: 0, dropped: 0, queued: 0 },
    { name: 'ok', records: 'inspections', sent: 0, failed: 0, dropped: 0, queued: 0 },
    { name: 'down', records: 'alerts', sent: 0, failed: 3, dropped: 0, queued: 0 },
    { name: 'down', records: 'inspections', sent: 0, failed: 0, dropped: 0, queued: 0 },
  ]);
});

test('a slow output fills its own bounded queue and drops the excess while a fast one gets everything', async () => {
  const slow = new RecordingOutput('slow', 'gated');
  const fast = new RecordingOutput('fast');
  const d = new OutputDispatcher([{ output: slow }, { output: fast }], { queueLimit: 2 });
  // The first alert is in flight at the slow output, two wait, the rest are dropped there.
  for (let i = 0; i < 6; i++) {
    d.publish(sampleAlertRecord({ id: `x${i}` }));
    await new Promise((r) => setImmediate(r));
  }
  assert.deepEqual(d.stats()[0], { name: 'slow', records: 'alerts', sent: 0, failed: 0, dropped: 3, queued: 2 });
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
  for (const severity of ['info', 'medium', 'high', 'critical'] as const) d.publish(sampleAlertRecord({ id: severity, severity }));
  await d.flush();
  assert.deepEqual(all.got, ['info', 'medium', 'high', 'critical']);
  assert.deepEqual(urgent.got, ['high', 'critical']);
});

test('an output gets only the record types it takes; the minimum severity filters alerts, not reports', async () => {
  const both = new RecordingOutput('both');
  const alertsOnly = new RecordingOutput('alerts only');
  const reportsOnly = new RecordingOutput('reports only');
  const d = new OutputDispatcher([
    { output: both, minSeverity: 'critical' },
    { output: alertsOnly, records: ['alerts'] },
    { output: reportsOnly, records: ['inspections'] },
  ]);
  d.publish(sampleAlertRecord({ id: 'al-high', severity: 'high' }));
  d.publish(inspectionRecord(sampleInspection({ id: 'insp-clean' })));
  await d.flush();
  assert.deepEqual(both.got, ['insp-clean']);
  assert.deepEqual(alertsOnly.got, ['al-high']);
  assert.deepEqual(reportsOnly.got, ['insp-clean']);
  assert.deepEqual(d.stats().map((s) => `${s.name}/${s.records}`), ['both/alerts', 'both/inspections', 'alerts only/alerts', 'reports only/inspections']);
});

test('a report stuck at a receiver does not hold up the alerts queued behind it at the same output', async () => {
  // Sends of reports wait until released; alerts go straight through.
  const got: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const output: Output = {
    name: 'mixed',
    async send(record) {
      if (record.type === 'inspections') await held;
      got.push(recordId(record));
    },
    async close() {},
  };
  const d = new OutputDispatcher([{ output }]);
  d.publish(inspectionRecord(sampleInspection({ id: 'insp-slow' })));
  d.publish(sampleAlertRecord({ id: 'al-after' }));
  for (let i = 0; i < 5 && !got.includes('al-after'); i++) await new Promise((r) => setImmediate(r));
  assert.deepEqual(got, ['al-after']);
  release();
  await d.flush();
  assert.deepEqual(got, ['al-after', 'insp-slow']);
});
