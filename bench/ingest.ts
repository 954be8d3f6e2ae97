/**
 * bench/ingest: 20 simulated agents over loopback HTTP push events (default 1,000,000) into a
 * `vigil server` process, once on SQLite and once on PostgreSQL, with detection on (the built-in
 * rule pack; the stream carries suspicious patterns that raise alerts, stateful rules included).
 * Prints per store: sustained events/s until every event is stored AND analyzed, the rate at which
 * agents got their acks, a bare loop of `store.appendEvents` of the same batches into a fresh store
 * of the same kind (the baseline, same invocation) with the ratio to it, and the p50/p99 time from
 * an agent's POST of a batch to its alert reaching the user: visible in the store the API reads
 * (polled every few ms from this process) and delivered to a webhook output. Each batch carries
 * one probe whose executable is new, so each probe is its own alert. Latency is measured in a
 * second, paced phase at half the sustained rate (under a flood it is only the backlog divided by
 * the rate), once the webhook has received every alert of the flood; the flood's p99 to the
 * alert's `created_at` is printed beside it, and the rate at which its alerts reached the webhook.
 * Goals: ≥ 30,000 events/s on SQLite; p99 POST→alert visible and POST→webhook ≤ 1 s.
 *
 *   node --import tsx bench/ingest.ts [--events N] [--agents 20] [--batch 500] [--stores sqlite,postgres]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VigilEvent } from '../packages/schema/src/index.ts';
import { PostgresStore } from '../packages/server/src/store/postgres/postgres-store.ts';
import { SqliteStore } from '../packages/server/src/store/sqlite/sqlite-store.ts';
import type { AlertRecord, Store } from '../packages/server/src/store/store.ts';
import { TestAgent } from '../packages/server/test-support/agent-client.ts';
import { startCliServer } from '../packages/server/test-support/cli-server.ts';
import { batches, hostEventStream } from '../packages/server/test-support/event-stream.ts';
import { TestDatabases } from '../packages/server/test-support/postgres-databases.ts';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const EVENTS = Math.max(1000, Number(flag('--events', '1000000')));
const AGENTS = Math.max(1, Number(flag('--agents', '20')));
const BATCH = Math.max(1, Number(flag('--batch', '500')));
const STORES = flag('--stores', 'sqlite,postgres').split(',');
/** Bounds the whole run: a stuck pipeline ends the bench instead of spinning. */
const DEADLINE_MS = 30 * 60_000;

type Batch = { id: string; events: VigilEvent[] };

/** Batches each agent of the paced (latency) phase sends. */
const PACED_BATCHES = 10;

interface Phase {
  /** Host ids are `<prefix>-<agent>`. */
  prefix: string;
  perHost: (a: number) => number;
  start: number;
  /** Pause between an agent's batches; none floods. */
  intervalMs?: number;
}

const flood = (start: number): Phase => ({ prefix: 'bench-host', perHost: (a) => Math.floor(EVENTS / AGENTS) + (a < EVENTS % AGENTS ? 1 : 0), start });

/** Agent `a`'s batches: its share of the stream, each with one alert probe as its last event. */
function* agentBatches(a: number, phase: Phase): Generator<Batch> {
  const host = `${phase.prefix}-${a}`;
  for (const b of batches(host, hostEventStream(host, a, { perHost: phase.perHost(a), start: phase.start, suspiciousEvery: 200 }), BATCH)) {
    const last = b.events[b.events.length - 1];
    const pid = 900_000 + b.events.length;
    b.events[b.events.length - 1] = {
      time: last.time,
      event: { kind: 'process.exec' },
      host: { id: host },
      process: { pid, entity_id: `${b.id}-probe`, name: 'probe', executable: `/tmp/probe-${b.id}`, args: ['probe'], user: { name: 'www-data' }, parent: { pid: 77, name: 'nginx', executable: '/usr/sbin/nginx' } },
    } as VigilEvent;
    yield b;
  }
}

/** A webhook receiver: when each probe's alert arrived (other records, e.g. inspection reports, are ignored). */
async function alertReceiver() {
  const arrived = new Map<string, number>();
  const alertIds = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      const doc = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<AlertRecord>;
      if (Array.isArray(doc.event_ids) && doc.id) {
        alertIds.add(doc.id);
        for (const id of doc.event_ids) if (!arrived.has(id)) arrived.set(id, now);
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`, arrived, alertIds, close: () => new Promise((r) => server.close(r)) };
}

async function sendAll(url: string, token: string, phase: Phase, sentAt: Map<string, number>, ackedAt = new Map<string, number>()): Promise<void> {
  await Promise.all(
    Array.from({ length: AGENTS }, async (_, a) => {
      const agent = new TestAgent(url, `${phase.prefix}-${a}`);
      const enrolled = await agent.enroll(token);
      if (enrolled.status !== 201) throw new Error(`enroll: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
      // Paced agents start spread over one interval, as real agents' timers are.
      if (phase.intervalMs) await new Promise((r) => setTimeout(r, (a / AGENTS) * phase.intervalMs!));
      for (const b of agentBatches(a, phase)) {
        const sent = Date.now();
        const probe = `${b.id}:${b.events.length - 1}`;
        for (;;) {
          sentAt.set(probe, Date.now());
          const r = await agent.events(b.id, b.events);
          if (r.status === 200) {
            ackedAt.set(probe, Date.now());
            break;
          }
          if (r.status !== 429 && r.status !== 503) throw new Error(`batch ${b.id}: ${r.status} ${JSON.stringify(r.body)}`);
          // Back-pressure: wait as told, resend the same batch (as the agent's spool does).
          await new Promise((res) => setTimeout(res, Number(r.headers.get('retry-after') ?? '1') * 1000));
        }
        if (phase.intervalMs) await new Promise((r) => setTimeout(r, Math.max(0, sent + phase.intervalMs! - Date.now())));
      }
    }),
  );
}

/** Host of a probe id `<host>-<n>:<index>` (batch ids are `<host>-<n>`). */
const hostOf = (probe: string) => probe.slice(0, probe.lastIndexOf('-', probe.lastIndexOf(':')));

/**
 * Polls the store (as the API reads it) for the alerts of hosts with a probe sent and not yet
 * seen: when each event id first showed. Only those hosts, so the polling stays light on this
 * process, whose event loop also timestamps the webhook's deliveries.
 */
function watchAlerts(store: Store, sent: ReadonlyMap<string, number>) {
  const seen = new Map<string, number>();
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const hosts = new Set([...sent.keys()].filter((p) => !seen.has(p)).map(hostOf));
      for (const host_id of hosts) {
        const page = await store.listAlerts({ host_id, limit: 10_000 });
        const now = Date.now();
        for (const a of page.items) for (const id of a.event_ids) if (!seen.has(id)) seen.set(id, now);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    seen,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

/**
 * Every batch is acked, so stored: done when none is left unanalyzed. The event count is checked
 * once at the end only — on SQLite it scans the table on this process's event loop, which would
 * delay the webhook receiver's timestamps.
 */
async function waitAnalyzed(store: Store, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if ((await store.unanalyzedBatches(1)).length === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('pipeline did not finish before the deadline');
}

/** The baseline: the same batches appended straight into a fresh store, no HTTP, no detection. */
async function bareInsert(store: Store, phase: Phase): Promise<number> {
  const t0 = performance.now();
  for (let a = 0; a < AGENTS; a++) {
    for (const b of agentBatches(a, phase)) await store.appendEvents({ id: b.id, agent_id: `agent-${a}`, host_id: `bench-host-${a}`, received_at: new Date().toISOString(), events: b.events });
  }
  return EVENTS / ((performance.now() - t0) / 1000);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Row {
  store: string;
  sustained: number;
  acked: number;
  bare: number;
  pacedRate: number;
  visible: number[];
  delivered: number[];
  floodCreatedP99: number;
  /** Flood alerts per second until the webhook had them all, and how many it got. */
  floodDelivery: number;
  floodDelivered: string;
  acks: number[];
  alerts: number;
}

async function run(kind: string, databases: TestDatabases): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'vsx-bench-'));
  const receiver = await alertReceiver();
  const storeSpec = kind === 'postgres' ? await databases.create() : 'sqlite';
  const server = await startCliServer(['--data', dir, '--listen', '127.0.0.1:0', '--store', storeSpec, '--output', `webhook+${receiver.url}`], { VIGIL_ADMIN_PASSWORD: 'bench-password-1' });
  const open = (): Promise<Store> => (kind === 'postgres' ? PostgresStore.open(storeSpec, { poolSize: 2 }) : Promise.resolve(new SqliteStore(join(dir, 'vigil.sqlite'))));
  const store = await open();
  try {
    const token = readFileSync(join(dir, 'local-agent.token'), 'utf8').trim();
    const start = Date.now() - 3_600_000;
    const floodSent = new Map<string, number>();
    const t0 = performance.now();
    await sendAll(server.url, token, flood(start), floodSent);
    const tAcked = performance.now();
    await waitAnalyzed(store, Date.now() + DEADLINE_MS);
    const tDone = performance.now();
    const sustained = EVENTS / ((tDone - t0) / 1000);
    // The paced phase starts once the webhook has every flood alert (or no more arrive: an output
    // queue may drop under a flood), so its probes do not queue behind the flood's deliveries.
    const floodAlerts = (await store.listAlerts({ limit: 1 })).total;
    for (let i = 0, last = -1; i < 600 && receiver.alertIds.size < floodAlerts; i++) {
      if (i % 8 === 0) {
        if (receiver.alertIds.size === last) break;
        last = receiver.alertIds.size;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const floodDelivered = receiver.alertIds.size;
    const tDelivered = performance.now();

    // Paced at half the sustained rate: the latency an estate below capacity sees.
    const pacedRate = sustained / 2;
    const pacedSent = new Map<string, number>();
    const pacedAcked = new Map<string, number>();
    const watch = watchAlerts(store, pacedSent);
    await sendAll(server.url, token, { prefix: 'bench-paced', perHost: () => PACED_BATCHES * BATCH, start, intervalMs: (AGENTS * BATCH * 1000) / pacedRate }, pacedSent, pacedAcked);
    await waitAnalyzed(store, Date.now() + DEADLINE_MS);
    // Alerts already stored may still be on their way to the webhook: give the dispatcher a moment.
    for (let i = 0; i < 40 && [...pacedSent.keys()].some((id) => !receiver.arrived.has(id) || !watch.seen.has(id)); i++) await new Promise((r) => setTimeout(r, 250));
    await watch.stop();
    const stored = (await store.eventStats()).count;
    if (stored !== EVENTS + AGENTS * PACED_BATCHES * BATCH) throw new Error(`${stored} events stored, ${EVENTS + AGENTS * PACED_BATCHES * BATCH} acknowledged`);

    const page = await store.listAlerts({ limit: 1_000_000 });
    const created = new Map(page.items.flatMap((a) => a.event_ids.map((id) => [id, Date.parse(a.created_at)] as const)));
    const latencies = (sent: Map<string, number>, at: Map<string, number>) =>
      [...sent].flatMap(([id, t]) => (at.has(id) ? [at.get(id)! - t] : [])).sort((a, b) => a - b);
    const row = {
      store: kind,
      sustained,
      acked: EVENTS / ((tAcked - t0) / 1000),
      floodDelivery: floodDelivered / ((tDelivered - t0) / 1000),
      floodDelivered: `${floodDelivered}/${floodAlerts}`,
      pacedRate,
      acks: latencies(pacedSent, pacedAcked),
      visible: latencies(pacedSent, watch.seen),
      delivered: latencies(pacedSent, receiver.arrived),
      floodCreatedP99: percentile(latencies(floodSent, created), 99),
      alerts: page.total,
    };
    await server.stop();

    const bareSpec = kind === 'postgres' ? await databases.create() : join(dir, 'bare.sqlite');
    const bareStore = kind === 'postgres' ? await PostgresStore.open(bareSpec, { poolSize: 2 }) : new SqliteStore(bareSpec);
    const bare = await bareInsert(bareStore, flood(start)).finally(() => bareStore.close());
    return { ...row, bare };
  } finally {
    await server.stop();
    await store.close();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const databases = new TestDatabases();
const rows: Row[] = [];
const loadBefore = loadavg();
try {
  for (const kind of STORES) {
    if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`--stores: sqlite or postgres, not ${kind}`);
    process.stderr.write(`bench/ingest: ${kind}: ${EVENTS} events from ${AGENTS} agents in batches of ${BATCH}…\n`);
    rows.push(await run(kind, databases));
  }
} finally {
  await databases.dropAll();
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-');
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
console.log(`bench/ingest: ${fmt(EVENTS)} events, ${AGENTS} agents, batches of ${BATCH}, detection on (built-in rules); load average ${load(loadBefore)} before, ${load(loadavg())} after`);
console.log('store      sustained ev/s   acked ev/s   bare insert ev/s   ratio   paced ev/s   POST→ack p50/p99 ms   POST→alert visible p50/p99 ms   POST→webhook p50/p99 ms   probes seen/delivered   flood POST→created_at p99 ms   alerts   flood alerts to webhook (per s)');
for (const r of rows) {
  const pair = (l: number[]) => `${fmt(percentile(l, 50))} / ${fmt(percentile(l, 99))}`;
  console.log(
    `${r.store.padEnd(10)} ${fmt(r.sustained).padStart(14)} ${fmt(r.acked).padStart(12)} ${fmt(r.bare).padStart(18)} ${fmt(r.sustained / r.bare, 2).padStart(7)} ${fmt(r.pacedRate).padStart(12)} ${pair(r.acks).padStart(21)} ${pair(r.visible).padStart(31)} ${pair(r.delivered).padStart(25)} ${`${r.visible.length}/${r.delivered.length} of ${AGENTS * PACED_BATCHES}`.padStart(23)} ${fmt(r.floodCreatedP99).padStart(30)} ${String(r.alerts).padStart(8)} ${`${r.floodDelivered} (${fmt(r.floodDelivery)})`.padStart(33)}`,
  );
}
console.log('goals: sqlite sustained ≥ 30,000 ev/s; p99 POST→alert visible and p99 POST→webhook ≤ 1,000 ms');
