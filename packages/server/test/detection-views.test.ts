/** Alert and incident lists and details name their host (a lookup of the page's hosts, not a store join); a rule shows its text. */
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

const get = (path: string) => call(t.base, 'GET', path, { cookie: t.cookies.viewer });

test('alerts and incidents carry host_name in lists, details and the OpenAPI document', async () => {
  const a = new TestAgent(t.base, 'named-host');
  assert.equal((await a.enroll(t.enrollToken)).status, 201);
  const time = new Date().toISOString();
  await a.events('hn-1', [execEvent(a.hostId, { time, name: 'evilsh', executable: '/tmp/evilsh', command_line: '/tmp/evilsh -i', user: { name: 'www-data' }, parent: { pid: 77, entity_id: `nginx-${a.hostId}`, name: 'nginx', executable: '/usr/sbin/nginx' } })]);
  const alert = await until('an alert', async () => (await get(`/api/v1/alerts?host_id=${a.hostId}`)).body.items[0]);
  assert.equal(alert.host_name, `name-${a.hostId}`);
  assert.equal((await get(`/api/v1/alerts/${alert.id}`)).body.host_name, `name-${a.hostId}`);

  const incident = await until('an incident', async () => (await get(`/api/v1/incidents?host_id=${a.hostId}`)).body.items[0]);
  assert.equal(incident.host_name, `name-${a.hostId}`);
  const detail = (await get(`/api/v1/incidents/${incident.id}`)).body;
  assert.equal(detail.host_name, `name-${a.hostId}`);
  assert.ok(detail.alerts.every((x: { host_name: string }) => x.host_name === `name-${a.hostId}`));

  const doc = (await call(t.base, 'GET', '/api/v1/openapi.json')).body;
  const schemaOf = (path: string) => doc.paths[`/api/v1${path}`].get.responses['200'].content['application/json'].schema;
  for (const path of ['/alerts', '/incidents']) assert.ok(schemaOf(path).properties.items.items.properties.host_name, `${path} host_name`);
  for (const path of ['/alerts/{id}', '/incidents/{id}']) assert.ok(schemaOf(path).properties.host_name, `${path} host_name`);
});

test('GET /rules/{id} returns the rule with its text as written in its file', async () => {
  const rules = (await get('/api/v1/rules?limit=5000')).body.items as { id: string; source: string; name: string }[];
  const falco = rules.find((r) => r.name === TEST_RULE_NAME)!;
  const shown = (await get(`/api/v1/rules/${encodeURIComponent(falco.id)}`)).body;
  assert.equal(shown.text, `- rule: ${TEST_RULE_NAME}\n  desc: an exec of evilsh\n  condition: evt.type = execve and proc.name = evilsh\n  output: evil shell %proc.cmdline by %user.name\n  priority: WARNING\n  tags: [mitre_execution, T1059.004]`);
  const vigil = rules.find((r) => r.source === 'vigil')!;
  const own = (await get(`/api/v1/rules/${encodeURIComponent(vigil.id)}`)).body;
  assert.ok(own.line > 0 && own.text.startsWith('- ') && own.text.includes(vigil.id), own.text);
  assert.equal((await get('/api/v1/rules/no-such-rule')).status, 404);
});
