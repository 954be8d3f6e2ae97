/** The agent protocol end to end over HTTP against a real embedded server. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestAgent, call, execEvent, until } from '../test-support/agent-client.ts';
import { TEST_RULE_NAME, serverWithTestRule } from '../test-support/rules.ts';
import type { TestServer } from '../test-support/server.ts';

let t: TestServer;
before(async () => {
  t = await serverWithTestRule();
});
after(() => t.stop());

const admin = (method: string, path: string, body?: unknown) => call(t.base, method, path, { cookie: t.cookies.admin, body });

test('enrollment: bad and expired tokens are refused; re-enrolling a host keeps its agent and replaces the credential', async () => {
  const a = new TestAgent(t.base, 'enroll-host');
  assert.equal((await a.enroll('vge_wrong')).status, 401);
  const expired = await admin('POST', '/api/v1/enrollment-tokens', { description: 'old', expires_at: '2020-01-01T00:00:00Z' });
  assert.equal(expired.status, 201);
  assert.equal((await a.enroll(expired.body.token)).status, 401);
  assert.equal((await a.enroll(t.enrollToken)).status, 201);
  const first = { id: a.agentId, credential: a.credential };
  assert.match(first.credential, /^vga_/);
  assert.equal((await a.enroll(t.enrollToken)).status, 201);
  assert.equal(a.agentId, first.id);
  assert.notEqual(a.credential, first.credential);
  const stale = await call(t.base, 'POST', `/api/v1/agents/${a.agentId}/heartbeat`, { bearer: first.credential, body: { version: '1', health: {} } });
  assert.equal(stale.status, 401, 'the old credential is gone');
  const listed = await admin('GET', '/api/v1/enrollment-tokens');
  assert.ok(listed.body.items.every((x: Record<string, unknown>) => !('token_hash' in x) && !('token' in x)), 'tokens are never listed back');
});

test('events: acknowledged once stored; the same batch id again is acknowledged and stored once; bad input is a one-line 400', async () => {
  const a = new TestAgent(t.base, 'events-host');
  await a.enroll(t.enrollToken);
  const events = [execEvent(a.hostId), execEvent(a.hostId)];
  const r1 = await a.events('eb-1', events);
  assert.deepEqual([r1.status, r1.body], [200, { ack: 'eb-1' }]);
  assert.equal((await t.server.services.store.listEvents({ batch_id: 'eb-1' })).total, 2, 'durable when acknowledged');
  const r2 = await a.events('eb-1', events);
  assert.deepEqual([r2.status, r2.body], [200, { ack: 'eb-1' }]);
  assert.equal((await t.server.services.store.listEvents({ host_id: a.hostId })).total, 2);

  const bad = await a.events('eb-2', [{ ...execEvent(a.hostId), time: 'yesterday' }]);
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /^events\[0\]: invalid event: time/);
  assert.ok(!bad.body.error.includes('\n'));
  assert.equal((await a.post('/events', { id: 'eb-3', events: [] }, { 'idempotency-key': 'other' })).status, 400);
  const notJson = await call(t.base, 'POST', `/api/v1/agents/${a.agentId}/events`, { bearer: a.credential, body: '{"id": ', headers: { 'content-type': 'application/json' } });
  assert.equal(notJson.status, 400);
  assert.equal(typeof notJson.body.error, 'string');
  assert.equal((await t.server.services.store.listEvents({ host_id: a.hostId })).total, 2, 'nothing stored from refused batches');
});

test('heartbeat: health and version stored, agent online, group config pushed with its version', async () => {
  const group = await admin('POST', '/api/v1/agent-groups', { name: 'web', config: { fim_paths: ['/etc'], sensors: { ebpf: true } } });
  assert.equal(group.status, 201);
  const token = await admin('POST', '/api/v1/enrollment-tokens', { group_id: group.body.id });
  const a = new TestAgent(t.base, 'hb-host');
  await a.enroll(token.body.token);
  const hb = await a.heartbeat({ sensors: { process: { state: 'degraded' } }, drops: 3, rss_bytes: 1234 });
  assert.equal(hb.status, 200);
  assert.deepEqual([hb.body.config, hb.body.config_version, hb.body.heartbeat_seconds, hb.body.actions], [{ fim_paths: ['/etc'], sensors: { ebpf: true } }, 1, 30, []]);
  const agent = await admin('GET', `/api/v1/agents/${a.agentId}`);
  assert.deepEqual([agent.body.status, agent.body.group_id, agent.body.health.drops], ['online', group.body.id, 3]);
  const inspection = await admin('POST', '/api/v1/inspections', { group_id: group.body.id });
  assert.equal(inspection.status, 201);
  assert.deepEqual(inspection.body.report.sensors_degraded, [{ agent_id: a.agentId, host_id: a.hostId, host_name: 'name-hb-host', sensors: ['process: degraded'] }]);
  assert.deepEqual(inspection.body.report.agents_offline, []);
  await admin('PATCH', `/api/v1/agent-groups/${group.body.id}`, { config: { fim_paths: ['/etc', '/usr/bin'] } });
  const hb2 = await a.heartbeat();
  assert.deepEqual([hb2.body.config.fim_paths, hb2.body.config_version], [['/etc', '/usr/bin'], 2]);
});

test('response actions: queued from an alert, delivered once in a heartbeat, result stored and audited', async () => {
  const a = new TestAgent(t.base, 'action-host');
  await a.enroll(t.enrollToken);
  assert.equal((await a.events('ab-1', [execEvent(a.hostId, { name: 'evilsh', executable: '/tmp/evilsh', pid: 4242 })])).status, 200);
  // The built-in pack may raise its own alerts on the same event; this is the test rule's.
  const alert = await until('the alert', async () => (await admin('GET', `/api/v1/alerts?host_id=${a.hostId}`)).body.items.find((x: { rule_name: string }) => x.rule_name === TEST_RULE_NAME));
  const queued = await call(t.base, 'POST', `/api/v1/alerts/${alert.id}/actions`, { cookie: t.cookies.analyst, body: { type: 'kill_process', params: { pid: 4242 } } });
  assert.equal(queued.status, 201);
  assert.equal(queued.body.status, 'queued');
  const hb = await a.heartbeat();
  assert.deepEqual(hb.body.actions, [{ id: queued.body.id, type: 'kill_process', params: { pid: 4242 } }]);
  assert.deepEqual((await a.heartbeat()).body.actions, [], 'delivered once');
  const other = new TestAgent(t.base, 'other-host');
  await other.enroll(t.enrollToken);
  assert.equal((await other.post(`/actions/${queued.body.id}/result`, { ok: true })).status, 404, 'another agent cannot report it');
  assert.equal((await a.post(`/actions/${queued.body.id}/result`, { ok: true, message: 'killed 4242', undo: null })).status, 200);
  const detail = await admin('GET', `/api/v1/alerts/${alert.id}`);
  assert.deepEqual([detail.body.actions[0].status, detail.body.actions[0].result.message], ['succeeded', 'killed 4242']);
  const audit = await admin('GET', '/api/v1/audit?limit=200');
  const actions = audit.body.items.map((r: { action: string; actor: string }) => `${r.actor} ${r.action}`);
  assert.ok(actions.includes('user:analyst POST /api/v1/alerts/{id}/actions'), actions.join('\n'));
  assert.ok(actions.includes(`agent:${a.agentId} POST /api/v1/agents/{agent_id}/actions/{action_id}/result`));
});

test('inventory: current tables, per-table changes with time, duplicate snapshots ignored, host facts from the report', async () => {
  const a = new TestAgent(t.base, 'inv-host');
  await a.enroll(t.enrollToken);
  const ports = (list: number[]) => ({ rows: list.map((port) => ({ pid: 10, port, protocol: 6, address: '0.0.0.0', is_public: true })), warnings: [] });
  const tables = {
    os_version: { rows: [{ name: 'Debian GNU/Linux 11 (bullseye)', platform: 'debian', version: '11', codename: 'bullseye' }], warnings: [] },
    listening_ports: ports([22]),
    deb_packages: { rows: [{ name: 'openssl', version: '1.1.1n-0+deb11u3', arch: 'amd64', source: 'openssl', source_version: '1.1.1n-0+deb11u3' }], warnings: [] },
  };
  assert.equal((await a.inventory('s-1', tables)).status, 200);
  assert.equal((await a.inventory('s-2', { listening_ports: ports([22, 4444]) }, false)).status, 200);
  assert.equal((await a.inventory('s-2', { listening_ports: ports([22, 4444]) }, false)).status, 200);
  const host = await admin('GET', `/api/v1/hosts/${a.hostId}`);
  assert.deepEqual([host.body.os, host.body.os_ecosystem], ['Debian GNU/Linux 11 (bullseye)', 'Debian:11']);
  const inv = await admin('GET', `/api/v1/hosts/${a.hostId}/inventory?table=listening_ports`);
  assert.deepEqual(inv.body.items[0].rows.map((r: { port: number }) => r.port), [22, 4444]);
  assert.equal((await admin('GET', `/api/v1/hosts/${a.hostId}/inventory`)).body.total, 3, 'a partial snapshot replaces only its tables');
  const changes = await admin('GET', `/api/v1/hosts/${a.hostId}/inventory/changes`);
  assert.equal(changes.body.total, 1);
  assert.deepEqual([changes.body.items[0].table, changes.body.items[0].added.map((r: { port: number }) => r.port)], ['listening_ports', [4444]]);
  const bad = await a.inventory('s-3', { 'Bad Table': { rows: [] } });
  assert.equal(bad.status, 400);
});

test('compliance: a report is acknowledged, stored once, and its results listed', async () => {
  const a = new TestAgent(t.base, 'comp-host');
  await a.enroll(t.enrollToken);
  const report = { profile: 'host-baseline', results: [{ id: '1.1', title: { en: 'SSH root login disabled', zh: '禁止 SSH root 登录' }, status: 'fail', evidence: 'PermitRootLogin yes' }] };
  assert.deepEqual((await a.post('/compliance', { id: 'c-1', report })).body, { ack: 'c-1' });
  assert.deepEqual((await a.post('/compliance', { id: 'c-1', report })).body, { ack: 'c-1' });
  assert.equal((await admin('GET', `/api/v1/compliance/reports?host_id=${a.hostId}`)).body.total, 1);
  const results = await admin('GET', `/api/v1/compliance/results?host_id=${a.hostId}&status=fail`);
  assert.deepEqual([results.body.total, results.body.items[0].check_id, results.body.items[0].title.zh], [1, '1.1', '禁止 SSH root 登录']);
});
