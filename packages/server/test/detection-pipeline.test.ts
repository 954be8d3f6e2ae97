/** Events → detection → alerts (dedup, suppression, triage) → incidents (graph, timeline) → live stream. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TestAgent, call, execEvent, until } from '../test-support/agent-client.ts';
import { TEST_RULE_NAME, serverWithTestRule } from '../test-support/rules.ts';
import type { TestServer } from '../test-support/server.ts';

let t: TestServer;
before(async () => {
  t = await serverWithTestRule();
});
after(() => t.stop());

const get = (path: string) => call(t.base, 'GET', path, { cookie: t.cookies.viewer });
const analyst = (method: string, path: string, body?: unknown) => call(t.base, method, path, { cookie: t.cookies.analyst, body });

/** Alerts of the test rule on a host (the built-in pack may raise others on the same events). */
async function testAlerts(hostId: string): Promise<{ total: number; items: any[] }> {
  const items = (await get(`/api/v1/alerts?host_id=${hostId}`)).body.items.filter((a: { rule_name: string }) => a.rule_name === TEST_RULE_NAME);
  return { total: items.length, items };
}

async function agentOn(hostId: string): Promise<TestAgent> {
  const a = new TestAgent(t.base, hostId);
  assert.equal((await a.enroll(t.enrollToken)).status, 201);
  return a;
}

/** A shell spawned by a web server, run as www-data: the story an incident should tell. */
function evilExec(hostId: string, pid: number, time: string) {
  return execEvent(hostId, { time, pid, name: 'evilsh', executable: '/tmp/evilsh', command_line: '/tmp/evilsh -i', user: { name: 'www-data' }, parent: { pid: 77, entity_id: `nginx-${hostId}`, name: 'nginx', executable: '/usr/sbin/nginx' } });
}

test('a matching event raises one alert; repeats within the dedup window count on it', async () => {
  const a = await agentOn('dedup-host');
  const now = Date.now();
  await a.events('d-1', [evilExec(a.hostId, 501, new Date(now).toISOString()), execEvent(a.hostId)]);
  await a.events('d-2', [evilExec(a.hostId, 502, new Date(now + 1000).toISOString())]);
  const alert = await until('the repeated alert', async () => {
    const page = await testAlerts(a.hostId);
    return page.items[0]?.count === 2 ? page : undefined;
  });
  assert.equal(alert.total, 1);
  const x = alert.items[0];
  assert.deepEqual([x.rule_name, x.severity, x.status, x.techniques, x.tactics], [TEST_RULE_NAME, 'medium', 'new', ['T1059.004'], ['execution']]);
  assert.deepEqual(x.event_ids, ['d-1:0', 'd-2:0']);
  const detail = await get(`/api/v1/alerts/${x.id}`);
  assert.equal(detail.body.rule.name, TEST_RULE_NAME);
  assert.deepEqual(detail.body.events.map((e: { id: string }) => e.id), ['d-1:0', 'd-2:0']);
  const tree = detail.body.process_tree.find((p: { pid: number }) => p.pid === 501);
  assert.deepEqual([tree.executable, tree.parent], ['/tmp/evilsh', `nginx-${a.hostId}`]);
  assert.equal((await get(`/api/v1/attack/matrix`)).body.tactics.find((c: { tactic: string }) => c.tactic === 'execution').techniques[0].technique, 'T1059.004');
});

test('triage: status, assignee and comments change the alert, reach the live stream and the audit log', async () => {
  const a = await agentOn('triage-host');
  const controller = new AbortController();
  const stream = await fetch(`${t.base}/api/v1/stream`, { headers: { cookie: t.cookies.viewer }, signal: controller.signal });
  assert.equal(stream.headers.get('content-type'), 'text/event-stream');
  const reader = stream.body!.getReader();
  let text = '';
  const read = async (needle: string) => {
    while (!text.includes(needle)) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      text += Buffer.from(value).toString();
    }
  };
  try {
    // A new agent's first call announces it online.
    const b = await agentOn('status-host');
    assert.equal((await b.heartbeat()).status, 200);
    await read('event: agent.status\n');
    assert.match(text, /"host_id":"status-host".*"status":"online"/);
    await a.events('t-1', [evilExec(a.hostId, 601, new Date().toISOString())]);
    await read('event: alert\n');
    const x = (await testAlerts(a.hostId)).items[0];
    const r = await analyst('PATCH', `/api/v1/alerts/${x.id}`, { status: 'acknowledged', assignee: 'alice', comment: 'looking' });
    assert.deepEqual([r.status, r.body.status, r.body.assignee, r.body.comments[0].author, r.body.comments[0].text], [200, 'acknowledged', 'alice', 'analyst', 'looking']);
    await read('event: alert.update\n');
    assert.equal((await analyst('PATCH', `/api/v1/alerts/${x.id}`, { status: 'closed' })).status, 400);
    const bulk = await analyst('POST', '/api/v1/alerts/bulk', { ids: [x.id, 'missing'], status: 'resolved' });
    assert.deepEqual(bulk.body, { updated: 1, missing: ['missing'] });
    assert.equal((await get(`/api/v1/alerts/${x.id}`)).body.status, 'resolved');
    const audit = await call(t.base, 'GET', '/api/v1/audit?action=PATCH%20/api/v1/alerts/%7Bid%7D', { cookie: t.cookies.admin });
    assert.ok(audit.body.items.some((i: { actor: string; target: string; outcome: string }) => i.actor === 'user:analyst' && i.target === x.id && i.outcome === 'success'));
    assert.ok(audit.body.items.some((i: { outcome: string }) => i.outcome === 'failure'), 'a refused change is audited too');
  } finally {
    controller.abort();
  }
});

test('suppression rules drop matching alerts', async () => {
  const a = await agentOn('suppressed-host');
  const s = await analyst('POST', '/api/v1/suppressions', { host_id: a.hostId, process_executable: '/tmp/evilsh', reason: 'lab box' });
  assert.equal(s.status, 201);
  assert.equal((await analyst('POST', '/api/v1/suppressions', { reason: 'everything' })).status, 400, 'a suppression must name something');
  await a.events('s-1', [evilExec(a.hostId, 701, new Date().toISOString())]);
  // A second host's identical event still alerts, and is processed after the first (same analyzer path).
  const b = await agentOn('unsuppressed-host');
  await b.events('s-2', [evilExec(b.hostId, 702, new Date().toISOString())]);
  await until('the unsuppressed alert', async () => (await testAlerts(b.hostId)).items[0]);
  await until('both batches analyzed', async () => ((await t.server.services.store.unanalyzedBatches(1)).length === 0 ? true : undefined));
  assert.equal((await testAlerts(a.hostId)).total, 0);
});

test('alerts of a host join one incident whose story links the processes, user and parent', async () => {
  const a = await agentOn('incident-host');
  const t0 = Date.now();
  const child = execEvent(a.hostId, { time: new Date(t0 + 2000).toISOString(), pid: 802, name: 'curl', executable: '/usr/bin/curl', parent: { pid: 801, entity_id: `ent-${a.hostId}-801` } });
  const connect = { time: new Date(t0 + 3000).toISOString(), event: { kind: 'network.connect' as const }, host: { id: a.hostId }, process: { pid: 802, entity_id: `ent-${a.hostId}-802`, name: 'curl' }, destination: { ip: '203.0.113.9', port: 4444 } };
  await a.events('i-1', [evilExec(a.hostId, 801, new Date(t0).toISOString()), child, connect]);
  const alert = await until('the alert', async () => (await testAlerts(a.hostId)).items[0]);
  assert.ok(alert.incident_id);
  const incident = await get(`/api/v1/incidents/${alert.incident_id}`);
  assert.equal(incident.status, 200);
  const { nodes, edges } = incident.body.graph;
  const id = (type: string, label: string) => nodes.find((n: { type: string; label: string }) => n.type === type && n.label.startsWith(label))?.id;
  const shell = id('process', 'evilsh');
  assert.ok(shell && id('process', 'nginx') && id('user', 'www-data') && id('host', a.hostId), JSON.stringify(nodes));
  const has = (from: string | undefined, to: string | undefined, type: string) => edges.some((e: { from: string; to: string; type: string }) => e.from === from && e.to === to && e.type === type);
  assert.ok(has(id('process', 'nginx'), shell, 'spawned'));
  assert.ok(has(id('user', 'www-data'), shell, 'ran'));
  assert.ok(has(shell, id('process', 'curl'), 'spawned'), 'the shell’s child, from the context events');
  assert.ok(has(id('process', 'curl'), id('connection', '203.0.113.9:4444'), 'connect'));
  assert.deepEqual(incident.body.timeline.map((e: { kind: string }) => e.kind), ['process.exec', 'process.exec', 'network.connect']);
  assert.ok(incident.body.timeline[0].alert_ids.includes(alert.id));
  assert.ok(incident.body.alerts.every((x: { incident_id: string; host_id: string }) => x.incident_id === alert.incident_id && x.host_id === a.hostId));
  assert.equal((await get(`/api/v1/incidents?host_id=${a.hostId}`)).body.total, 1);
});

test('disabling a rule stops its alerts; the rule test endpoint runs YAML over sample events', async () => {
  const rules = await get('/api/v1/rules?q=evil');
  const rule = rules.body.items[0];
  assert.equal(rule.name, TEST_RULE_NAME);
  assert.equal((await analyst('PATCH', `/api/v1/rules/${encodeURIComponent(rule.id)}`, { enabled: false })).body.enabled, false);
  const a = await agentOn('disabled-rule-host');
  await a.events('r-1', [evilExec(a.hostId, 901, new Date().toISOString())]);
  await until('the batch analyzed', async () => ((await t.server.services.store.unanalyzedBatches(1)).length === 0 ? true : undefined));
  assert.equal((await testAlerts(a.hostId)).total, 0);
  await analyst('PATCH', `/api/v1/rules/${encodeURIComponent(rule.id)}`, { enabled: true });

  const yaml = '- rule: Curl run\n  desc: curl\n  condition: evt.type = execve and proc.name = curl\n  output: curl ran\n  priority: NOTICE\n';
  const tested = await analyst('POST', '/api/v1/rules/test', { rule_yaml: yaml, events: [execEvent('h', { name: 'ls' }), execEvent('h', { name: 'curl' })] });
  assert.deepEqual([tested.status, tested.body.rules, tested.body.alerts.map((x: { event_index: number }) => x.event_index)], [200, ['Curl run'], [1]]);
  const broken = await analyst('POST', '/api/v1/rules/test', { rule_yaml: '- rule: [unclosed', events: [] });
  assert.equal(broken.status, 400);
});

test('new alerts reach the configured outputs (a JSON lines file), at or above their minimum severity', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-out-'));
  const path = join(dir, 'alerts.jsonl');
  try {
    const admin = (method: string, p: string, body?: unknown) => call(t.base, method, p, { cookie: t.cookies.admin, body });
    const created = await admin('POST', '/api/v1/outputs', { type: 'file', name: 'soc file', config: { path, fsync: 'always' }, min_severity: 'medium' });
    assert.equal(created.status, 201);
    const a = await agentOn('output-host');
    await a.events('o-1', [evilExec(a.hostId, 1001, new Date().toISOString())]);
    const line = await until('the alert in the file', async () => {
      const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
      return text.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((x: { rule_name: string; host_id: string }) => x.rule_name === TEST_RULE_NAME && x.host_id === a.hostId);
    });
    assert.equal(line.severity, 'medium');
    const listed = await admin('GET', '/api/v1/outputs');
    assert.equal(listed.body.stats.find((s: { name: string }) => s.name.includes(path))?.sent >= 1, true);
    assert.equal((await admin('DELETE', `/api/v1/outputs/${created.body.id}`)).status, 200);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
