/**
 * Every route of the server's own route table refuses callers without credentials and callers
 * below its role; agent credentials reach only agent routes, and only their own agent's; user
 * sessions and tokens never reach agent routes. A route added later is covered automatically.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { urlPath } from '../src/http/route.ts';
import type { RouteSpec } from '../src/http/route.ts';
import { ROLES, type Role } from '../src/store/store.ts';
import { TestAgent, call } from '../test-support/agent-client.ts';
import { type TestServer, testServer } from '../test-support/server.ts';

/** The only routes anyone may call: changing this list is a security decision. */
const PUBLIC = ['POST /api/v1/auth/login', 'POST /api/v1/agents/enroll', 'GET /api/v1/openapi.json', 'GET /api/v1/health'];

let t: TestServer;
let agentA: TestAgent;
let agentB: TestAgent;
const tokens: Partial<Record<Role, string>> = {};

before(async () => {
  t = await testServer();
  agentA = new TestAgent(t.base, 'host-a');
  agentB = new TestAgent(t.base, 'host-b');
  assert.equal((await agentA.enroll(t.enrollToken)).status, 201);
  assert.equal((await agentB.enroll(t.enrollToken)).status, 201);
  for (const role of ROLES) {
    const r = await call(t.base, 'POST', '/api/v1/tokens', { cookie: t.cookies[role], body: { name: `${role}-token` } });
    assert.equal(r.status, 201);
    tokens[role] = r.body.token;
  }
});
after(() => t.stop());

const label = (r: RouteSpec) => `${r.method} ${urlPath(r)}`;

function url(r: RouteSpec, agentId: string): string {
  return urlPath(r).replace('{agent_id}', agentId).replace(/\{\w+\}/g, 'no-such-id');
}

function send(r: RouteSpec, agentId: string, auth: { cookie?: string; bearer?: string }) {
  return call(t.base, r.method, url(r, agentId), { ...auth, body: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
}

test('the route table is large and its public routes are exactly the allowed ones', () => {
  assert.ok(t.server.routes.length > 50, `${t.server.routes.length} routes`);
  assert.deepEqual(t.server.routes.filter((r) => r.access === 'public').map(label).sort(), [...PUBLIC].sort());
});

test('every non-public route answers 401 without credentials and with unknown ones', async () => {
  for (const r of t.server.routes.filter((x) => x.access !== 'public')) {
    for (const auth of [{}, { bearer: 'vgt_forged' }, { bearer: 'vga_forged' }, { cookie: 'vigil_session=vgs_forged' }]) {
      const res = await send(r, agentA.agentId, auth);
      assert.equal(res.status, 401, `${label(r)} with ${JSON.stringify(auth)}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(typeof res.body.error, 'string');
    }
  }
});

test('every user route refuses roles below its own, by session and by API token', async () => {
  for (const r of t.server.routes.filter((x) => x.access !== 'public' && x.access !== 'agent')) {
    const lower = ROLES.slice(0, ROLES.indexOf(r.access as Role));
    for (const role of lower) {
      for (const auth of [{ cookie: t.cookies[role] }, { bearer: tokens[role] }]) {
        const res = await send(r, agentA.agentId, auth);
        assert.equal(res.status, 403, `${label(r)} as ${role}: ${res.status}`);
      }
    }
  }
});

test('an agent credential cannot call any user route', async () => {
  for (const r of t.server.routes.filter((x) => x.access !== 'public' && x.access !== 'agent')) {
    const res = await send(r, agentA.agentId, { bearer: agentA.credential });
    assert.equal(res.status, 403, `${label(r)} with an agent credential: ${res.status}`);
  }
});

test('agent routes refuse user sessions and tokens, and another agent’s credential', async () => {
  const agentRoutes = t.server.routes.filter((x) => x.access === 'agent');
  assert.ok(agentRoutes.length >= 5);
  for (const r of agentRoutes) {
    for (const auth of [{ cookie: t.cookies.admin }, { bearer: tokens.admin }]) {
      assert.equal((await send(r, agentA.agentId, auth)).status, 403, `${label(r)} as admin user`);
    }
    const res = await send(r, agentA.agentId, { bearer: agentB.credential });
    assert.equal(res.status, 403, `${label(r)} with agent B's credential on agent A's path: ${res.status}`);
  }
});

test('an agent cannot post events of another host, even on its own path', async () => {
  const ev = { time: new Date().toISOString(), event: { kind: 'process.exec' }, host: { id: 'host-a' }, process: { pid: 1 } };
  const r = await agentB.events('b-foreign', [ev as never]);
  assert.equal(r.status, 403);
  const stored = await t.server.services.store.listEvents({ batch_id: 'b-foreign' });
  assert.equal(stored.total, 0);
});

test('a token never grants more than its owner’s role, and cannot be created above it', async () => {
  const r = await call(t.base, 'POST', '/api/v1/tokens', { cookie: t.cookies.viewer, body: { name: 'escalate', role: 'admin' } });
  assert.equal(r.status, 403);
});

test('each route admits its own role and its own agent (the refusals above are not blanket)', async () => {
  for (const r of t.server.routes.filter((x) => x.access !== 'public' && x.produces !== 'text/event-stream')) {
    const auth = r.access === 'agent' ? { bearer: agentA.credential } : { bearer: tokens[r.access as Role] };
    const res = await send(r, agentA.agentId, auth);
    assert.ok(res.status !== 401 && res.status !== 403, `${label(r)} as ${r.access}: ${res.status} ${JSON.stringify(res.body)}`);
  }
});
