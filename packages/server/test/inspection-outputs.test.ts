/**
 * Inspection reports through the outputs, end to end: a real server runs its periodic jobs (here
 * when the test says, so a group is complete before it is due) and delivers each group's scheduled report to a webhook (HMAC verified), syslog
 * over UDP (RFC 5424) and TCP (CEF), and a JSON lines file — not to an output that takes alerts
 * only; bad output configs are refused at the API; a report being retried does not hold up alerts.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DELIVERY_HEADER } from '../src/outputs/webhook.ts';
import { TestAgent, call, execEvent } from '../test-support/agent-client.ts';
import { TEST_RULE_NAME, testRulesDir } from '../test-support/rules.ts';
import { type TestServer, testServer } from '../test-support/server.ts';
import { RFC5424, cefExtension, cefParts, sdParams, signatureValid, tcpReceiver, udpReceiver, webhookReceiver, type Received } from './outputs/receivers.ts';

let t: TestServer;
let rulesDir: string;
let dir: string;
const logs: string[] = [];
before(async () => {
  rulesDir = testRulesDir();
  dir = mkdtempSync(join(tmpdir(), 'vigil-insp-out-'));
  t = await testServer({ rules: [rulesDir], periodicMs: 3_600_000, log: (line) => logs.push(line) });
});
after(async () => {
  await t.stop();
  rmSync(rulesDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

const admin = (method: string, path: string, body?: unknown) => call(t.base, method, path, { cookie: t.cookies.admin, body });

/** Polls until `probe` gives a value: at most 400 tries, 50 ms apart (webhook retries back off). */
async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const jsonLines = (path: string): Array<Record<string, any>> =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

async function addOutput(name: string, type: string, config: Record<string, unknown>): Promise<string> {
  const r = await admin('POST', '/api/v1/outputs', { type, name, config, min_severity: 'info' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}

/** A new group with one enrolled agent in it (whose sensor is degraded), then the periodic jobs: a group never inspected is due. */
async function groupWithAgent(name: string): Promise<{ groupId: string; agent: TestAgent }> {
  const group = await admin('POST', '/api/v1/agent-groups', { name });
  assert.equal(group.status, 201);
  const token = await admin('POST', '/api/v1/enrollment-tokens', { group_id: group.body.id });
  const agent = new TestAgent(t.base, `${name}-host`);
  assert.equal((await agent.enroll(token.body.token)).status, 201);
  assert.equal((await agent.heartbeat({ sensors: { process: { state: 'degraded' } } })).status, 200);
  await t.server.runPeriodicJobs();
  return { groupId: group.body.id, agent };
}

const isInspectionOf = (groupId: string) => (r: Received) => {
  const body = JSON.parse(r.body);
  return body.type === 'inspection' && body.group_id === groupId;
};

test('a scheduled inspection reaches the webhook, syslog (RFC 5424/UDP, CEF/TCP) and the JSON lines file, not an alerts-only output', async (t2) => {
  const hook = await webhookReceiver(t2);
  const udp = await udpReceiver(t2);
  const tcp = await tcpReceiver(t2);
  const both = join(dir, 'vigil.jsonl');
  const alertsOnly = join(dir, 'alerts-only.jsonl');
  const ids = [
    await addOutput('soc hook', 'webhook', { url: hook.url, secret: 'hook-secret' }),
    await addOutput('siem udp', 'syslog', { protocol: 'udp', host: '127.0.0.1', port: udp.port }),
    await addOutput('siem tcp', 'syslog', { protocol: 'tcp', host: '127.0.0.1', port: tcp.port, format: 'cef' }),
    await addOutput('archive', 'file', { path: both, fsync: 'always' }),
    await addOutput('alerts only', 'file', { path: alertsOnly, fsync: 'always', records: ['alerts'] }),
  ];
  const { groupId, agent } = await groupWithAgent('scheduled');

  const delivered = await eventually('the report at the webhook', () => hook.received.find(isInspectionOf(groupId)));
  assert.ok(signatureValid('hook-secret', delivered), 'signed like alerts');
  const report = JSON.parse(delivered.body);
  assert.equal(delivered.headers[DELIVERY_HEADER], report.id);
  assert.equal(report.report.counts.sensors_degraded, 1);
  assert.deepEqual(report.report.sensors_degraded, [{ agent_id: agent.agentId, host_id: agent.hostId, host_name: `name-${agent.hostId}`, sensors: ['process: degraded'] }]);
  assert.equal(report.report.title.en, 'Inspection of scheduled: 1 section needs attention');
  assert.equal(report.report.summary.zh, '1 个代理：1 个代理传感器降级。');
  const stored = (await admin('GET', `/api/v1/inspections?group_id=${groupId}`)).body.items;
  assert.deepEqual(stored.map((i: { id: string }) => i.id), [report.id], 'the report the API lists is the one delivered');

  const rfc = await eventually('the RFC 5424 message', () => udp.messages.map((m) => RFC5424.exec(m)!).find((m) => sdParams(m[7]).group === groupId));
  assert.equal(rfc[6], 'inspection');
  assert.deepEqual([sdParams(rfc[7]).id, sdParams(rfc[7]).sensorsDegraded], [report.id, '1']);
  assert.ok(rfc[8].includes(`Top: name-${agent.hostId}: process: degraded`), rfc[8]);

  const cef = await eventually('the CEF message', () =>
    tcp.messages.map((m) => cefParts(RFC5424.exec(m)![8])).find((c) => c.header[4] === 'vigil:inspection' && cefExtension(c.ext).cs2 === groupId),
  );
  assert.equal(cefExtension(cef.ext).externalId, report.id);

  const line = await eventually('the JSON line', () => jsonLines(both).find((l) => l.type === 'inspection' && l.group_id === groupId));
  assert.deepEqual(line, report);

  // The alerts-only file gets the next alert, and still no report.
  await agent.events('insp-alert-1', [execEvent(agent.hostId, { name: 'evilsh', executable: '/tmp/evilsh' })]);
  await eventually('the alert in the alerts-only file', () => jsonLines(alertsOnly).find((l) => l.type === 'alert' && l.rule_name === TEST_RULE_NAME && l.host_id === agent.hostId));
  assert.deepEqual(jsonLines(alertsOnly).filter((l) => l.type !== 'alert'), []);
  const stats = (await admin('GET', '/api/v1/outputs')).body.stats as Array<{ name: string; records: string; sent: number }>;
  assert.deepEqual(stats.filter((s) => s.name.includes(alertsOnly)).map((s) => s.records), ['alerts']);
  assert.ok(stats.find((s) => s.name.includes(both) && s.records === 'inspections')!.sent >= 1);

  for (const id of ids) assert.equal((await admin('DELETE', `/api/v1/outputs/${id}`)).status, 200);
});

test('an inspection run on demand goes to the outputs too', async (t2) => {
  const hook = await webhookReceiver(t2);
  const id = await addOutput('reports hook', 'webhook', { url: hook.url, records: 'inspections' });
  const group = await admin('POST', '/api/v1/agent-groups', { name: 'on-demand' });
  const run = await admin('POST', '/api/v1/inspections', { group_id: group.body.id });
  assert.equal(run.status, 201);
  const got = await eventually('the on-demand report', () => hook.received.find((r) => JSON.parse(r.body).id === run.body.id));
  assert.deepEqual(JSON.parse(got.body), { type: 'inspection', ...run.body });
  assert.equal(run.body.report.title.en, 'Inspection of on-demand: all clear');
  assert.equal((await admin('DELETE', `/api/v1/outputs/${id}`)).status, 200);
});

test('a bad record choice in an output config is refused with 400, on create and on replace', async () => {
  const path = join(dir, 'x.jsonl');
  for (const records of [['metrics'], [], 'alerts,bogus', 3]) {
    const r = await admin('POST', '/api/v1/outputs', { type: 'file', name: 'bad', config: { path, records } });
    assert.equal(r.status, 400, JSON.stringify(records));
    assert.match(r.body.error, /^file output: records/);
  }
  const id = await addOutput('good', 'file', { path, records: 'inspections' });
  const bad = await admin('PUT', `/api/v1/outputs/${id}`, { type: 'file', name: 'good', config: { path, records: ['alerts', 'audits'] } });
  assert.equal(bad.status, 400);
  const listed = (await admin('GET', '/api/v1/outputs')).body.items.find((o: { id: string }) => o.id === id);
  assert.deepEqual(listed.config.records, 'inspections', 'the refused change left the output as it was');
  assert.equal((await admin('DELETE', `/api/v1/outputs/${id}`)).status, 200);
});

test('a report the receiver refuses is retried while alerts to the same output go straight through', async (t2) => {
  // Refuses reports (503) until it has had an alert: were both in one queue, each would wait on the other.
  const order: string[] = [];
  const hook = await webhookReceiver(t2, (r) => {
    const { type } = JSON.parse(r.body) as { type: string };
    const status = type === 'alert' || order.includes('alert:200') ? 200 : 503;
    order.push(`${type}:${status}`);
    return status;
  });
  const id = await addOutput('flaky hook', 'webhook', { url: hook.url, secret: 'k', attempts: 10 });
  const { groupId, agent } = await groupWithAgent('retried');
  await eventually('a refused report', () => hook.received.find(isInspectionOf(groupId)));
  await agent.events('insp-alert-2', [execEvent(agent.hostId, { name: 'evilsh', executable: '/tmp/evilsh' })]);
  await eventually('the report delivered', () => (order.includes('alert:200') && order.at(-1) === 'inspection:200' ? true : undefined));
  const reports = hook.received.filter(isInspectionOf(groupId));
  assert.ok(reports.length >= 2, 'retried');
  assert.equal(new Set(reports.map((r) => `${r.headers[DELIVERY_HEADER]} ${r.body}`)).size, 1, 'same delivery id and body each attempt');
  assert.ok(reports.every((r) => signatureValid('k', r)));
  assert.ok(order.indexOf('alert:200') < order.lastIndexOf('inspection:200'), 'the alert went out while the report was being retried');
  const stats = (await admin('GET', '/api/v1/outputs')).body.stats.filter((s: { name: string }) => s.name === `webhook ${new URL(hook.url).origin}`);
  assert.deepEqual(
    stats.map((s: { records: string; failed: number }) => [s.records, s.failed]),
    [
      ['alerts', 0],
      ['inspections', 0],
    ],
  );
  assert.equal((await admin('DELETE', `/api/v1/outputs/${id}`)).status, 200);
});

test('changing the outputs does not wait for a report still held at a receiver', async (t2) => {
  // The receiver never answers: the delivery fails (and is logged) only at the webhook's timeout,
  // which a change that waited on the old outputs would sit through.
  const hook = await webhookReceiver(t2, () => 'hang');
  const id = await addOutput('stuck hook', 'webhook', { url: hook.url, records: ['inspections'], timeout_ms: 30_000, attempts: 1 });
  const { groupId } = await groupWithAgent('held');
  await eventually('the report held at the receiver', () => hook.received.find(isInspectionOf(groupId)));
  const other = await addOutput('another', 'file', { path: join(dir, 'another.jsonl') });
  assert.deepEqual(logs.filter((l) => l.includes(new URL(hook.url).origin)), [], 'the change returned while the delivery was still under way');
  for (const o of [id, other]) assert.equal((await admin('DELETE', `/api/v1/outputs/${o}`)).status, 200);
});
