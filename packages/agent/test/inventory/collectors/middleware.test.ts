import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { middlewareCollector, upstreamVersion } from '../../../src/inventory/collectors/middleware.ts';
import { collectTable } from '../fixture-root.ts';

/** What the server binary says its version is. */
const selfReported = (exe: string) => spawnSync(exe, ['--version'], { encoding: 'utf8' }).stdout;

test('the running PostgreSQL, Redis and NATS appear once each with their ports and versions', async () => {
  const { rows } = await collectTable(middlewareCollector);
  for (const [name, port, exe] of [
    ['postgresql', 5432, undefined],
    ['redis', 6379, '/usr/bin/redis-server'],
    ['nats', 4222, undefined],
  ] as const) {
    const found = rows.filter((r) => r.name === name);
    assert.equal(found.length, 1, `${name}: ${found.length} rows (a server's workers fold into it)`);
    const [m] = found;
    assert.ok((m.ports as { port: number }[]).some((p) => p.port === port), `${name} ports ${JSON.stringify(m.ports)}`);
    assert.match(String(m.version), /^\d+\.\d+(?:\.\d+)?$/);
    // The package's version is the one the binary itself reports.
    assert.ok(selfReported(exe ?? String(m.path)).includes(String(m.version)), `${name} ${m.version}`);
    assert.equal(typeof m.package, 'string');
  }
});

test('a Node.js application is listed with its script and the port it listens on', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-app-'));
  const script = join(dir, 'server.js');
  await writeFile(script, "require('node:net').createServer().listen(0, '127.0.0.1', function () { console.log(this.address().port); });\n");
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  after(async () => {
    child.kill();
    await rm(dir, { recursive: true, force: true });
  });
  const port = Number(await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString()))));
  const app = (await collectTable(middlewareCollector)).rows.find((r) => r.pid === child.pid);
  assert.ok(app);
  assert.equal(app.name, 'node');
  assert.equal(app.app, script);
  assert.deepEqual(app.ports, [{ protocol: 'tcp', address: '127.0.0.1', port }]);
});

test('upstream version: no epoch, revision or repack suffix', () => {
  assert.equal(upstreamVersion('5:7.0.15-1~deb12u1'), '7.0.15');
  assert.equal(upstreamVersion('15.14-0+deb12u1'), '15.14');
  assert.equal(upstreamVersion('20.10.24+dfsg1-1+b3'), '20.10.24');
  assert.equal(upstreamVersion('1.6.20~ds1-1+deb12u3'), '1.6.20');
  assert.equal(upstreamVersion('3.0.7-27.el9'), '3.0.7');
  assert.equal(upstreamVersion('1.36.1-r5'), '1.36.1');
});
