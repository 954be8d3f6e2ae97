/**
 * kill -9 of the server while agents stream events, then a restart: every acknowledged event is
 * stored exactly once, the agent resends what was not acknowledged (and, like a real agent, the
 * batch in flight at the crash), and detection catches up on everything stored.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { TestAgent, execEvent } from '../test-support/agent-client.ts';

const SCRIPT = fileURLToPath(new URL('../test-support/server-process.ts', import.meta.url));
const BATCHES = 120;
const PER_BATCH = 200;
const SENDERS = 4;

async function spawnServer(dataDir: string): Promise<{ child: ChildProcess; url: string; token: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
  return { child, ...(JSON.parse(line) as { url: string; token: string }) };
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

const batch = (agent: TestAgent, n: number) => Array.from({ length: PER_BATCH }, (_, i) => execEvent(agent.hostId, { pid: 10_000 + n * PER_BATCH + i }));

test('kill -9 mid-stream: acknowledged events are stored exactly once; resent batches fill the rest', { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-crash-'));
  try {
    let srv = await spawnServer(dataDir);
    const agent = new TestAgent(srv.url, 'crash-host');
    assert.equal((await agent.enroll(srv.token)).status, 201);

    // Stream until some batches are acknowledged, then SIGKILL with requests in flight.
    const acked = new Set<number>();
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (!killed && next < BATCHES) {
        const n = next++;
        const r = await agent.events(`batch-${n}`, batch(agent, n)).catch(() => undefined);
        if (r?.status === 200) {
          assert.equal(r.body.ack, `batch-${n}`);
          acked.add(n);
        }
        if (acked.size >= 25 && !killed) {
          killed = true;
          srv.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
    await exited(srv.child);
    assert.equal(srv.child.signalCode, 'SIGKILL');
    assert.ok(acked.size >= 25 && acked.size < BATCHES, `${acked.size} acknowledged before the kill`);

    // Before any restart: every acknowledged batch is already whole on disk.
    const afterKill = new SqliteStore(join(dataDir, 'vigil.sqlite'));
    try {
      for (const n of acked) assert.equal((await afterKill.listEvents({ batch_id: `batch-${n}`, limit: 1 })).total, PER_BATCH, `acknowledged batch-${n} durable at the kill`);
    } finally {
      await afterKill.close();
    }

    // Restart on the same data; the agent keeps its credential and resends everything it has no
    // ack for, plus the acknowledged ones again (an agent may lose acks in a crash of its own).
    srv = await spawnServer(dataDir);
    const again = new TestAgent(srv.url, agent.hostId);
    again.agentId = agent.agentId;
    again.credential = agent.credential;
    for (let n = 0; n < BATCHES; n++) {
      const r = await again.events(`batch-${n}`, batch(again, n));
      assert.equal(r.status, 200, `batch-${n}: ${JSON.stringify(r.body)}`);
    }
    // Detection catches up on every stored batch, replayed ones included.
    const store = new SqliteStore(join(dataDir, 'vigil.sqlite'));
    try {
      for (let i = 0; i < 200 && (await store.unanalyzedBatches(1)).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(await store.unanalyzedBatches(1), [], 'every stored batch analyzed after the restart');
      srv.child.kill('SIGTERM');
      await exited(srv.child);

      for (let n = 0; n < BATCHES; n++) {
        const stored = await store.listEvents({ batch_id: `batch-${n}`, limit: 1 });
        assert.equal(stored.total, PER_BATCH, `batch-${n}${acked.has(n) ? ' (acknowledged before the kill)' : ''} stored exactly once`);
      }
      assert.equal((await store.eventStats()).count, BATCHES * PER_BATCH);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
