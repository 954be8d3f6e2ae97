/** Ingest back-pressure and the small pure pieces of the pipelines. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MemoryBus } from '../src/bus/memory.ts';
import { ApiError } from '../src/http/api-error.ts';
import { Metrics } from '../src/metrics.ts';
import { EventIngest } from '../src/pipeline/ingest.ts';
import { diffTable } from '../src/pipeline/inventory-diff.ts';
import { RuleSet } from '../src/pipeline/rules.ts';
import { degradedSensors } from '../src/pipeline/inspection.ts';
import { executableExposure, packageExposure, priorityOf } from '../src/pipeline/vulnerabilities.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import type { Agent } from '../src/store/store.ts';
import { execEvent } from '../test-support/agent-client.ts';

test('a full bus answers 503 with Retry-After before storing anything; the agent resends later', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-ingest-'));
  const store = new SqliteStore(join(dir, 's.sqlite'));
  const bus = new MemoryBus({ capacity: 3 });
  const metrics = new Metrics();
  const ingest = new EventIngest(store, bus, metrics);
  const agent = { id: 'a1', host_id: 'h1' } as Agent;
  try {
    assert.deepEqual(await ingest.accept(agent, { id: 'b1', events: [execEvent('h1'), execEvent('h1'), execEvent('h1')] }), { ack: 'b1' });
    const refused = await ingest.accept(agent, { id: 'b2', events: [execEvent('h1')] }).catch((e: unknown) => e);
    assert.ok(refused instanceof ApiError);
    assert.deepEqual([refused.status, refused.retryAfter], [503, 1]);
    assert.equal((await store.listEvents({ batch_id: 'b2' })).total, 0);
    assert.match(await metrics.render(), /^vigil_ingest_refused_total 1$/m);
    // Analysis drains the bus; the resend is then taken.
    const consumer = await bus.consume('events', async () => {});
    await bus.drained();
    assert.deepEqual(await ingest.accept(agent, { id: 'b2', events: [execEvent('h1')] }), { ack: 'b2' });
    assert.equal((await store.listEvents({ batch_id: 'b2' })).total, 1);
    await consumer.stop();
  } finally {
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('inventory diff: keyed rows change in place, unkeyed tables compare whole rows', () => {
  const before = [{ name: 'openssl', arch: 'amd64', version: '3.0.1' }, { name: 'bash', arch: 'amd64', version: '5.2' }];
  const after = [{ name: 'openssl', arch: 'amd64', version: '3.0.2' }, { name: 'curl', arch: 'amd64', version: '7.88' }];
  assert.deepEqual(diffTable('deb_packages', before, after), {
    added: [{ name: 'curl', arch: 'amd64', version: '7.88' }],
    removed: [{ name: 'bash', arch: 'amd64', version: '5.2' }],
    changed: [{ before: before[0], after: after[0] }],
  });
  assert.deepEqual(diffTable('crontab', [{ command: 'a' }], [{ command: 'b' }]), { added: [{ command: 'b' }], removed: [{ command: 'a' }], changed: [] });
  assert.deepEqual(diffTable('users', [{ username: 'root', uid: 0 }], [{ username: 'root', uid: 0 }]), { added: [], removed: [], changed: [] });
  // The same container id in two containerd daemons (or namespaces) is two containers; a task starting is a change.
  const created = { socket: '/run/containerd/containerd.sock', namespace: 'k8s.io', id: 'c1', state: 'created' };
  const elsewhere = { ...created, socket: '/run/docker/containerd/containerd.sock', namespace: 'moby' };
  const running = { ...created, state: 'running' };
  assert.deepEqual(diffTable('containerd_containers', [created, elsewhere], [running, elsewhere]), { added: [], removed: [], changed: [{ before: created, after: running }] });
});

test('finding priority: severity first, then known exploitation, public exposure, a fix', () => {
  const base = { severity: 'HIGH', fixed: false, known_exploited: false, exposure: 'none' as const };
  assert.ok(priorityOf({ ...base, severity: 'CRITICAL' }) > priorityOf({ ...base, known_exploited: true, exposure: 'public', fixed: true }));
  assert.ok(priorityOf({ ...base, known_exploited: true }) > priorityOf({ ...base, exposure: 'public' }));
  assert.ok(priorityOf({ ...base, exposure: 'public' }) > priorityOf({ ...base, exposure: 'running' }));
  assert.ok(priorityOf({ ...base, exposure: 'running' }) > priorityOf(base));
  assert.ok(priorityOf({ ...base, fixed: true }) > priorityOf(base));
});

test('exposure: a package or executable whose process listens on a public address is public, else running', () => {
  const tables = new Map<string, Record<string, unknown>[]>([
    ['listening_ports', [{ pid: 1, is_public: true }, { pid: 2, is_public: false }]],
    ['middleware', [{ package: 'nginx', pid: 1 }, { package: 'redis', pid: 2 }]],
    ['processes', [{ pid: 1, path: '/usr/sbin/nginx' }, { pid: 2, path: '/usr/bin/redis-server' }, { pid: 3, path: '/app', container_id: 'c1' }]],
  ]);
  assert.deepEqual([...packageExposure(tables)], [['nginx', 'public'], ['redis', 'running']]);
  assert.deepEqual([...executableExposure(tables)], [['/usr/sbin/nginx', 'public'], ['/usr/bin/redis-server', 'running']]);
});

test('degraded sensors are read from the agent health report', () => {
  assert.deepEqual(degradedSensors({ sensors: { ebpf: { state: 'failed' }, proc: { state: 'running' }, fim: 'degraded', audit: { status: 'disabled' } } }), ['ebpf: failed', 'fim: degraded']);
  assert.deepEqual(degradedSensors(null), []);
});

test('the built-in runtime pack is loaded from the repository, and an admin disabling a rule overrides it', () => {
  const builtIn = RuleSet.load([], new Map()).list();
  assert.ok(builtIn.filter((r) => r.file?.includes('/rules/runtime/')).length > 10);
  const id = builtIn[0].id;
  assert.equal(RuleSet.load([], new Map([[id, false]])).get(id)?.enabled, false);
});
