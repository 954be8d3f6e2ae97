import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Command } from 'commander';
import { UserError } from '@vigil/schema';
import { ProtocolServer } from '../../agent/test/uplink/protocol-server.ts';
import { waitUntil } from '../../agent/test/spool/receiver.ts';
import { registerAgentRun } from '../src/commands/agent/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'vagt-run-server-'));
const Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
after(() => rmSync(dir, { recursive: true, force: true }));

function program(): Command {
  const p = new Command('vigil').exitOverride();
  registerAgentRun(p.command('agent'));
  return p;
}

/** Runs `vigil agent run …` in this process; `stop()` sends SIGTERM and waits for it to end. */
function start(args: string[]): { stderr: () => string; stop: () => Promise<void> } {
  let stderr = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  const run = program()
    .parseAsync(['node', 'vigil', 'agent', 'run', ...args])
    .finally(() => (process.stderr.write = write));
  return {
    stderr: () => stderr,
    stop: async () => {
      process.emit('SIGTERM');
      await run;
    },
  };
}

describe('vigil agent run --server', () => {
  it('enrolls once, then ships events (process and file integrity), inventory, heartbeats and compliance, and runs pushed actions', async () => {
    const server = new ProtocolServer();
    server.tokens.add('tok-e2e');
    server.heartbeatSeconds = 1;
    await server.up();
    const state = join(dir, 'state');
    const watched = join(dir, 'www');
    mkdirSync(watched);
    writeFileSync(join(watched, 'index.php'), '<?php echo 1;');
    const victim = spawn('sleep', ['300'], { stdio: 'ignore' });
    const children = [victim];
    try {
      server.actions = [{ id: 'kill-1', type: 'kill_process', params: { pid: victim.pid! } }];
      const tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, 'tok-e2e\n');
      const agent = start(['--server', server.url, '--enroll-token-file', tokenFile, '--state', state, '--sensor', 'proc', '--host-id', 'e2e-host', '--fim-paths', watched]);
      try {
        await waitUntil('file integrity baseline', () => agent.stderr().includes('file integrity: '), 60_000);
        assert.match(agent.stderr(), new RegExp(`agent running: .*sending to ${server.url} as agent agent-1`));
        writeFileSync(join(watched, 'index.php'), '<?php system($_GET["c"]);');
        children.push(spawn('sleep', ['30'], { argv0: 'vigil-e2e-marker', stdio: 'ignore' }));
        const events = () => server.events();
        await waitUntil('the exec and the file change', () => events().some((e) => (e.process as { args?: string[] })?.args?.[0] === 'vigil-e2e-marker') && events().some((e) => e.event.kind === 'file.change'), 30_000);
        await waitUntil('inventory, heartbeat, the action result and a compliance report', () => server.inventory.length > 0 && server.heartbeats.length > 0 && server.results.has('kill-1') && server.compliance.length > 0, 60_000);
      } finally {
        await agent.stop();
      }
      assert.ok(server.events().every((e) => e.host.id === 'e2e-host'));
      const change = server.events().find((e) => e.event.kind === 'file.change')!;
      assert.equal((change.file as { path: string }).path, join(watched, 'index.php'));
      assert.equal(server.inventory[0].full, true);
      assert.ok('listening_ports' in server.inventory[0].snapshot.tables);
      const health = server.heartbeats[0].health as { sensors: { process: { sensor: string } }; spool: { batches: number }; rss_bytes: number };
      assert.equal(health.sensors.process.sensor, 'proc');
      assert.ok(health.rss_bytes > 0);
      assert.equal(server.results.get('kill-1')?.ok, true);
      assert.equal((server.compliance[0].report as { profile?: string }).profile, 'host-baseline');
      assert.equal(victim.signalCode ?? (await once(victim, 'exit'))[1], 'SIGKILL');

      // Restarted: the stored credential is reused, the token file is not needed any more.
      rmSync(tokenFile);
      const again = start(['--server', server.url, '--enroll-token-file', tokenFile, '--state', state, '--sensor', 'proc', '--host-id', 'e2e-host', '--no-fim']);
      await waitUntil('restart', () => again.stderr().includes('agent running'), 30_000);
      await again.stop();
      assert.equal(server.enrollments, 1);
    } finally {
      for (const c of children) c.kill();
      await server.down();
    }
  });

  it('refuses a destination beside --server, and --server without --state', async () => {
    await assert.rejects(program().parseAsync(['node', 'vigil', 'agent', 'run', '--server', 'http://127.0.0.1:1', '--state', dir, join(dir, 'x.jsonl')]), (e: Error) => e instanceof UserError && /either a destination or --server/.test(e.message));
    await assert.rejects(program().parseAsync(['node', 'vigil', 'agent', 'run', '--server', 'http://127.0.0.1:1']), (e: Error) => e instanceof UserError && /--server needs --state/.test(e.message));
  });
});

describe('vigil agent run against vigil server', () => {
  it('enrolls with the local-agent token, and the server stores its events, inventory, health and compliance report', async () => {
    const data = join(dir, 'server-data');
    const server = spawn(process.execPath, [join(import.meta.dirname, '../bin/vigil.js'), 'server', '--data', data, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    server.stderr!.on('data', (d: Buffer) => (log += d));
    const watched = join(dir, 'e2e-www');
    mkdirSync(watched);
    writeFileSync(join(watched, 'index.html'), 'hello');
    try {
      await waitUntil('the server', () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.test(log) || server.exitCode !== null, 90_000);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1];
      assert.ok(url, log);
      const agent = start(['--server', url, '--enroll-token-file', join(data, 'local-agent.token'), '--state', join(dir, 'e2e-state'), '--sensor', 'proc', '--fim-paths', watched]);
      const db = new Database(join(data, 'vigil.sqlite'), { readonly: true });
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      try {
        await waitUntil('the baseline', () => agent.stderr().includes('file integrity: '), 30_000);
        writeFileSync(join(watched, 'index.html'), '<script>evil()</script>');
        const marker = spawn('sleep', ['5'], { argv0: 'vigil-e2e-real-server', stdio: 'ignore' });
        await waitUntil(
          'events, inventory and a heartbeat in the store',
          () =>
            count("SELECT count(*) AS n FROM events WHERE kind = 'process.exec' AND body LIKE '%vigil-e2e-real-server%'") > 0 &&
            count("SELECT count(*) AS n FROM events WHERE kind = 'file.change' AND body LIKE '%e2e-www/index.html%'") > 0 &&
            count('SELECT count(*) AS n FROM inventory_tables') > 0 &&
            count('SELECT count(*) AS n FROM agents WHERE health IS NOT NULL') > 0 &&
            count('SELECT count(*) AS n FROM compliance_reports') > 0,
          60_000,
        );
        marker.kill();
      } finally {
        db.close();
        await agent.stop();
      }
    } finally {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
  });
});
