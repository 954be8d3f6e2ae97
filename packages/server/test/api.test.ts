/** The user-facing API: OpenAPI document, login lockout, errors, vulnerabilities, settings, metrics, console. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importPaths, openAdvisoryDb } from '@vigil/vulndb';
import { urlPath } from '../src/http/route.ts';
import { MAX_FAILED_LOGINS } from '../src/auth/users.ts';
import { startServer } from '../src/server.ts';
import { TestAgent, call, execEvent, until } from '../test-support/agent-client.ts';
import { type TestServer, testServer } from '../test-support/server.ts';

const CORPORA = resolve(fileURLToPath(import.meta.url), '../../../../../shared/corpora');
const tmp = mkdtempSync(join(tmpdir(), 'vigil-api-'));
const vulndb = join(tmp, 'vulndb.sqlite');
const consoleDir = join(tmp, 'console');
let t: TestServer;

before(async () => {
  const db = openAdvisoryDb(vulndb);
  await importPaths(db, [join(CORPORA, 'debian')]);
  db.close();
  mkdirSync(join(consoleDir, 'assets'), { recursive: true });
  writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>Vigil</title>');
  writeFileSync(join(consoleDir, 'assets', 'app.js'), 'console.log(1)');
  t = await testServer({ vulndb, consoleDir });
});
after(async () => {
  await t.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const admin = (method: string, path: string, body?: unknown) => call(t.base, method, path, { cookie: t.cookies.admin, body });

test('the OpenAPI 3.1 document describes every route of the table, with its access and schemas', async () => {
  const doc = (await call(t.base, 'GET', '/api/v1/openapi.json')).body;
  assert.equal(doc.openapi, '3.1.0');
  for (const r of t.server.routes) {
    const op = doc.paths[urlPath(r)]?.[r.method.toLowerCase()];
    assert.ok(op, `${r.method} ${urlPath(r)} missing`);
    assert.equal(op['x-vigil-access'], r.access);
    if (r.body) assert.ok(op.requestBody.content['application/json'].schema, `${r.method} ${r.path} body schema`);
  }
  const alerts = doc.paths['/api/v1/alerts'].get;
  assert.ok(alerts.parameters.some((p: { name: string }) => p.name === 'severity'));
  assert.deepEqual(doc.paths['/api/v1/alerts/{id}'].patch.requestBody.content['application/json'].schema.properties.status.enum, ['new', 'acknowledged', 'resolved', 'false_positive']);
});

test('repeated failed logins lock the account, even for the right password; an admin unlocks it', async () => {
  await admin('POST', '/api/v1/users', { username: 'mallory', password: 'mallory-password', role: 'viewer' });
  for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
    const r = await call(t.base, 'POST', '/api/v1/auth/login', { body: { username: 'mallory', password: `guess-${i}` } });
    assert.equal(r.status, 401);
  }
  const locked = await call(t.base, 'POST', '/api/v1/auth/login', { body: { username: 'mallory', password: 'mallory-password' } });
  assert.equal(locked.status, 429);
  assert.ok(Number(locked.headers.get('retry-after')) > 0);
  const unknown = await call(t.base, 'POST', '/api/v1/auth/login', { body: { username: 'nobody', password: 'x' } });
  assert.deepEqual([unknown.status, unknown.body.error], [401, (await call(t.base, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'wrong' } })).body.error]);
  const id = (await admin('GET', '/api/v1/users')).body.items.find((u: { username: string }) => u.username === 'mallory').id;
  assert.equal((await admin('PATCH', `/api/v1/users/${id}`, { unlock: true })).status, 200);
  const ok = await call(t.base, 'POST', '/api/v1/auth/login', { body: { username: 'mallory', password: 'mallory-password' } });
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get('set-cookie')!, /^vigil_session=vgs_[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
  const cookie = ok.headers.get('set-cookie')!.split(';')[0];
  assert.equal((await call(t.base, 'GET', '/api/v1/auth/me', { cookie })).body.user.username, 'mallory');
  assert.equal((await call(t.base, 'POST', '/api/v1/auth/logout', { cookie })).status, 200);
  assert.equal((await call(t.base, 'GET', '/api/v1/auth/me', { cookie })).status, 401);
});

test('bad requests are one-line 400s; unknown routes 404; settings reject unknown keys', async () => {
  for (const [path, body] of [['/api/v1/alerts?limit=0', undefined], ['/api/v1/alerts?sort=nope', undefined], ['/api/v1/hosts?order=sideways', undefined]] as const) {
    const r = await admin('GET', path, body);
    assert.equal(r.status, 400, path);
    assert.ok(typeof r.body.error === 'string' && !r.body.error.includes('\n'));
  }
  assert.equal((await admin('GET', '/api/v1/nothing-here')).status, 404);
  assert.equal((await admin('PATCH', '/api/v1/settings', { dedup_window_seconds: 60, bogus: 1 })).status, 400);
  const changed = await admin('PATCH', '/api/v1/settings', { dedup_window_seconds: 60 });
  assert.equal(changed.body.dedup_window_seconds, 60);
  assert.equal((await admin('GET', '/api/v1/settings')).body.dedup_window_seconds, 60);
  assert.equal((await admin('POST', '/api/v1/outputs', { type: 'carrier-pigeon', name: 'x', config: {} })).status, 400);
});

test('inventory packages are matched against the advisory DB; findings are ranked, filterable, exportable', async () => {
  const a = new TestAgent(t.base, 'vuln-host');
  await a.enroll(t.enrollToken);
  const tables = {
    os_version: { rows: [{ name: 'Debian GNU/Linux 11 (bullseye)', platform: 'debian', version: '11', codename: 'bullseye' }], warnings: [] },
    deb_packages: { rows: [{ name: 'libssl1.1', version: '1.1.1n-0+deb11u3', arch: 'amd64', source: 'openssl', source_version: '1.1.1n-0+deb11u3' }, { name: 'bash', version: '5.1-2+deb11u1', arch: 'amd64', source: 'bash', source_version: '' }], warnings: [] },
    middleware: { rows: [{ app: 'nginx', pid: 42, package: 'libssl1.1' }], warnings: [] },
    listening_ports: { rows: [{ pid: 42, port: 443, protocol: 6, address: '0.0.0.0', is_public: true }], warnings: [] },
  };
  assert.equal((await a.inventory('v-1', tables)).status, 200);
  const page = await until('findings', async () => {
    const r = await admin('GET', `/api/v1/vulnerabilities?host_id=${a.hostId}&limit=500`);
    return r.body.total > 0 ? r.body : undefined;
  });
  const f = page.items.find((x: { vuln_id: string }) => x.vuln_id === 'CVE-2023-0286');
  assert.ok(f, page.items.map((x: { vuln_id: string }) => x.vuln_id).join(' '));
  assert.deepEqual([f.package_name, f.fixed_version, f.exposure, f.ecosystem], ['libssl1.1', '1.1.1n-0+deb11u4', 'public', 'Debian:11']);
  assert.ok(page.items.every((x: { package_name: string }) => x.package_name === 'libssl1.1'), 'bash 5.1-2+deb11u1 is not affected');
  const priorities = page.items.map((x: { priority: number }) => x.priority);
  assert.deepEqual(priorities, [...priorities].sort((x, y) => y - x), 'most urgent first');
  assert.equal((await admin('GET', `/api/v1/vulnerabilities?host_id=${a.hostId}&fixable=false`)).body.total, 0);
  const detail = await admin('GET', '/api/v1/vulnerabilities/CVE-2023-0286');
  assert.deepEqual([detail.body.affected.length, detail.body.fix.en], [1, 'Upgrade to libssl1.1 1.1.1n-0+deb11u4 or later.']);
  assert.match(detail.body.fix.zh, /升级到/);
  const csv = await admin('GET', `/api/v1/vulnerabilities?host_id=${a.hostId}&format=csv&limit=1000`);
  assert.match(csv.headers.get('content-type')!, /^text\/csv/);
  const lines = (csv.body as string).trim().split('\n');
  assert.equal(lines[0], 'vuln_id,severity,priority,target_kind,target_id,package_name,package_version,fixed_version,exposure,known_exploited,first_seen,title');
  assert.equal(lines.length, page.total + 1);
  const overview = await admin('GET', '/api/v1/overview');
  assert.equal(overview.body.top_vulnerable_hosts[0].target_id, a.hostId);
});

test('metrics count events in, agents online and the bus', async () => {
  const a = new TestAgent(t.base, 'metrics-host');
  await a.enroll(t.enrollToken);
  await a.events('m-1', [execEvent(a.hostId), execEvent(a.hostId), execEvent(a.hostId)]);
  const token = (await admin('POST', '/api/v1/tokens', { name: 'prometheus', role: 'viewer' })).body.token;
  const m = await call(t.base, 'GET', '/metrics', { bearer: token });
  assert.equal(m.status, 200);
  const value = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(m.body)?.[1]);
  assert.ok(value('vigil_events_received_total') >= 3);
  assert.ok(value('vigil_agents_online') >= 1);
  assert.ok(Number.isFinite(value('vigil_bus_depth')));
});

test('the console is served at / with a fallback to index.html for its routes, never for /api', async () => {
  const index = await fetch(`${t.base}/alerts/123`);
  assert.deepEqual([index.status, index.headers.get('content-type'), await index.text()], [200, 'text/html; charset=utf-8', '<!doctype html><title>Vigil</title>']);
  const asset = await fetch(`${t.base}/assets/app.js`);
  assert.deepEqual([asset.status, asset.headers.get('cache-control')], [200, 'public, max-age=31536000, immutable']);
  const escape = await fetch(`${t.base}/..%2f..%2fetc%2fpasswd`);
  assert.equal(await escape.text(), '<!doctype html><title>Vigil</title>', 'no path outside the console directory');
  assert.equal((await fetch(`${t.base}/api/v1/unknown`)).status, 404);
});

test('--tls-self-signed serves HTTPS with a certificate generated into the data directory', async () => {
  const dataDir = join(tmp, 'tls-data');
  const server = await startServer({ dataDir, host: '127.0.0.1', port: 0, store: 'sqlite', bus: 'memory', role: 'all', rules: [], tls: { selfSigned: true }, log: () => {} });
  try {
    assert.match(server.url, /^https:/);
    assert.ok(existsSync(join(dataDir, 'tls', 'self-signed.crt')));
    const status = await new Promise<number>((done, fail) => {
      const req = request(`${server.url}/api/v1/health`, { ca: readFileSync(join(dataDir, 'tls', 'self-signed.crt')) }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
      req.on('error', fail);
      req.end();
    });
    assert.equal(status, 200, 'the certificate verifies for 127.0.0.1');
  } finally {
    await server.close();
  }
});
