/**
 * The main command's promise: `vigil server --local-agent` shows this host in the API with its
 * inventory and at least one finding (the real agent, real advisories from ../shared/corpora).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { importPaths, openAdvisoryDb } from '@vigil/vulndb';
import { repoRoot } from '../test-support/run-cli.ts';

const PASSWORD = 'local-agent-test-password';

test('vigil server --local-agent: the local host, its inventory and a finding appear in the API', { timeout: 150_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-local-agent-'));
  const vulndb = join(dir, 'vulndb.sqlite');
  const db = openAdvisoryDb(vulndb);
  await importPaths(db, [resolve(repoRoot, '../shared/corpora/osv/go.tar.gz'), resolve(repoRoot, '../shared/corpora/debian')]);
  db.close();
  const started = Date.now();
  const child = spawn(process.execPath, [resolve(repoRoot, 'packages/cli/bin/vigil.js'), 'server', '--data', join(dir, 'data'), '--listen', '127.0.0.1:0', '--vulndb', vulndb, '--local-agent'], {
    cwd: repoRoot,
    env: { ...process.env, VIGIL_ADMIN_PASSWORD: PASSWORD },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    const base = await new Promise<string>((done, fail) => {
      createInterface({ input: child.stderr! }).on('line', (l) => {
        const m = /listening on (\S+)/.exec(l);
        if (m) done(m[1]);
      });
      child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
    });
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const get = async (path: string): Promise<any> => (await fetch(base + path, { headers: { cookie } })).json();
    let seen: { host?: string; tables?: number; findings?: number } = {};
    for (let i = 0; i < 240 && !(seen.tables && seen.findings); i++) {
      await new Promise((r) => setTimeout(r, 500));
      const host = (await get('/api/v1/hosts')).items[0];
      if (!host) continue;
      seen = { host: host.id, tables: (await get(`/api/v1/hosts/${host.id}/inventory`)).total, findings: (await get(`/api/v1/vulnerabilities?host_id=${host.id}&limit=1`)).total };
    }
    process.stderr.write(`# local host with ${seen.tables} inventory tables and ${seen.findings} findings after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    assert.ok(seen.host, 'the local agent enrolled');
    assert.ok((seen.tables ?? 0) > 5, `inventory tables: ${seen.tables}`);
    assert.ok((seen.findings ?? 0) >= 1, `findings: ${seen.findings}`);
    const agents = await get('/api/v1/agents');
    assert.equal(agents.items[0].status, 'online');
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
