/**
 * The Done-when: the distributed run (NATS JetStream + 1 ingest + 2 analyzers +
 * PostgreSQL, each a real `vigil server --role …` process) raises the same alerts as the
 * embedded run (one process, SQLite, in-process bus) on the same agent event stream, stateful
 * rules included.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { AlertRecord, Store } from '../../src/store/store.ts';
import { TestAgent } from '../../test-support/agent-client.ts';
import { type CliServer, startCliServer } from '../../test-support/cli-server.ts';
import { batches, hostEvents } from '../../test-support/event-stream.ts';
import { TestDatabases } from '../../test-support/postgres-databases.ts';
import { TestStreams } from '../../test-support/nats-streams.ts';

const HOSTS = 6;
const PER_HOST = 600;
const BATCH = 50;

const databases = new TestDatabases();
const streams = new TestStreams();
const dirs: string[] = [];
const servers: CliServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await streams.deleteAll();
  await databases.dropAll();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'vsx-dist-'));
  dirs.push(d);
  return d;
}

async function serve(args: string[]): Promise<CliServer> {
  const s = await startCliServer([...args, '--listen', '127.0.0.1:0'], { VIGIL_ADMIN_PASSWORD: 'distributed-test-password' });
  servers.push(s);
  return s;
}

/** Every host streams its batches in order (as its agent would); hosts stream concurrently. */
async function stream(url: string, data: string, start: number): Promise<number> {
  const token = readFileSync(join(data, 'local-agent.token'), 'utf8').trim();
  let sent = 0;
  await Promise.all(
    Array.from({ length: HOSTS }, async (_, h) => {
      const agent = new TestAgent(url, `dist-host-${h}`);
      assert.equal((await agent.enroll(token)).status, 201);
      for (const b of batches(agent.hostId, hostEvents(agent.hostId, h, { perHost: PER_HOST, start }), BATCH)) {
        const r = await agent.events(b.id, b.events);
        assert.deepEqual([r.status, r.body], [200, { ack: b.id }]);
        sent += b.events.length;
      }
    }),
  );
  return sent;
}

/** Waits until the store holds every event and every batch went through detection. */
async function analyzed(store: Store, events: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await store.eventStats()).count === events && (await store.unanalyzedBatches(1)).length === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not analyzed: ${(await store.eventStats()).count} of ${events} events stored`);
}

const comparable = (alerts: AlertRecord[]) =>
  alerts
    .map((a) => [a.rule_id, a.host_id, a.severity, a.count, a.first_seen, a.last_seen, a.output, a.event_ids.join(' ')].join(' | '))
    .sort();

test('distributed (NATS + 1 ingest + 2 analyzers + PostgreSQL) raises the same alerts as embedded', { timeout: 150_000 }, async () => {
  const pg = await databases.create();
  const bus = streams.url({ partitions: 4 });
  const common = ['--store', pg];
  const ingestDir = dataDir();
  const ingest = await serve(['--role', 'ingest', '--data', ingestDir, ...common, '--bus', bus]);
  // Analyzers start after ingest so one process makes the schema and the admin user.
  await Promise.all([0, 1].map((i) => serve(['--role', 'analyze', '--data', dataDir(), ...common, '--bus', `${bus}&analyzer=${i}/2`])));
  const embeddedDir = dataDir();
  const embedded = await serve(['--data', embeddedDir]);

  const start = Date.now() - 120_000;
  const [sentDistributed, sentEmbedded] = await Promise.all([stream(ingest.url, ingestDir, start), stream(embedded.url, embeddedDir, start)]);
  assert.equal(sentDistributed, HOSTS * PER_HOST);
  assert.equal(sentEmbedded, HOSTS * PER_HOST);

  const pgStore = await PostgresStore.open(pg, { poolSize: 2 });
  const sqlite = new SqliteStore(join(embeddedDir, 'vigil.sqlite'));
  try {
    await Promise.all([analyzed(pgStore, sentDistributed), analyzed(sqlite, sentEmbedded)]);
    const distributedAlerts = (await pgStore.listAlerts({ limit: 10_000 })).items;
    const embeddedAlerts = (await sqlite.listAlerts({ limit: 10_000 })).items;
    const rules = new Set(embeddedAlerts.map((a) => a.rule_id));
    assert.ok(rules.has('vigil.auth.success-after-failures') && rules.has('vigil.auth.brute-force'), `stateful rules fired: ${[...rules].join(', ')}`);
    assert.equal(new Set(embeddedAlerts.map((a) => a.host_id)).size, HOSTS);
    assert.deepEqual(comparable(distributedAlerts), comparable(embeddedAlerts));
  } finally {
    await pgStore.close();
    await sqlite.close();
  }
});
