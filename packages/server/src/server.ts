/**
 * `vigil server`: opens the store and the bus, loads the rules, starts the analyzers and the
 * HTTP API, and runs the periodic jobs (retention, agent status, inspections). Embedded by
 * default (SQLite + in-process bus in one process); `--role` splits the same code into ingest,
 * analyze and api processes over a durable bus.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { localHost } from '@vigil/agent';
import { readGeoCsv } from '@vigil/detect';
import { findShippedPath, UserError } from '@vigil/schema';
import type { Bus } from './bus/bus.ts';
import { MemoryBus } from './bus/memory.ts';
import { buildApp } from './http/app.ts';
import type { RouteSpec } from './http/route.ts';
import { LiveHub } from './live.ts';
import { Metrics } from './metrics.ts';
import { AlertOutputs, type StaticOutput } from './pipeline/alert-outputs.ts';
import { AlertPipeline } from './pipeline/alerts.ts';
import { Analyzer } from './pipeline/analyzer.ts';
import { isOnline, withStatus } from './pipeline/agent-status.ts';
import { EventIngest } from './pipeline/ingest.ts';
import { inspectGroup } from './pipeline/inspection.ts';
import { RuleSet } from './pipeline/rules.ts';
import { VulnerabilityMatcher } from './pipeline/vulnerabilities.ts';
import { agentRoutes } from './routes/agents.ts';
import { assetRoutes } from './routes/assets.ts';
import { detectionRoutes } from './routes/detection.ts';
import { peopleRoutes } from './routes/people.ts';
import { postureRoutes } from './routes/posture.ts';
import { systemRoutes } from './routes/system.ts';
import type { Services } from './services.ts';
import { SettingsCache } from './settings.ts';
import { SqliteStore } from './store/sqlite/sqlite-store.ts';
import type { Store } from './store/store.ts';
import { bootstrapAdmin } from './auth/users.ts';
import { SECRET_PREFIX, hashSecret, newId, newSecret } from './auth/secrets.ts';
import { type TlsOption, loadTls } from './tls.ts';

export const SERVER_VERSION = '0.1.0';
export const SERVER_ROLES = ['all', 'ingest', 'analyze', 'api'] as const;
export type ServerRole = (typeof SERVER_ROLES)[number];

export interface ServerOptions {
  dataDir: string;
  host: string;
  port: number;
  tls?: TlsOption;
  /** `sqlite` (in the data dir) or a `postgres://` URL. */
  store: string;
  /** `memory` or a `nats://` URL. */
  bus: string;
  role: ServerRole;
  rules: string[];
  /** GeoIP City blocks CSV files for impossible-travel rules. */
  geoip?: string[];
  vulndb?: string;
  outputs?: StaticOutput[];
  /** Defaults to packages/console/dist. */
  consoleDir?: string;
  /** First start only: the admin password (else one is generated and printed). */
  adminPassword?: string;
  /** Events held by the in-process bus before ingest answers 503. */
  busCapacity?: number;
  /** How often the periodic jobs run (default 15 s); each job keeps its own schedule within it. */
  periodicMs?: number;
  log: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  app?: FastifyInstance;
  services: Services;
  routes: readonly RouteSpec[];
  /** Set on the first start only. */
  bootstrap?: { username: string; password: string; generated: boolean };
  localAgentTokenPath: string;
  /** Runs the periodic jobs now, as their timer does (each job still decides whether it is due). */
  runPeriodicJobs(): Promise<void>;
  close(): Promise<void>;
}

// Found by walking up: the sources and the CLI bundle's chunks sit at different depths.
const DEFAULT_CONSOLE_DIR = findShippedPath(dirname(fileURLToPath(import.meta.url)), 'packages/console/dist');

async function openStore(spec: string, dataDir: string): Promise<Store> {
  if (spec === 'sqlite') return new SqliteStore(join(dataDir, 'vigil.sqlite'));
  if (/^postgres(ql)?:\/\//.test(spec)) {
    const { PostgresStore } = await import('./store/postgres/postgres-store.ts');
    return PostgresStore.open(spec);
  }
  throw new UserError(`--store must be sqlite or a postgres:// URL, not ${spec}`, 'USAGE');
}

/** The JetStream bus lives in bus/nats.ts (`openNatsBus(url)`), owned by the scale-out work. */
async function openBus(spec: string, capacity: number | undefined, warn: (m: string) => void): Promise<Bus> {
  if (spec === 'memory') return new MemoryBus({ capacity, onDead: (m, err) => warn(`bus: dropped ${m.topic} ${m.id} after repeated failures: ${(err as Error).message}`) });
  if (spec.startsWith('nats://')) {
    const { openNatsBus } = await import('./bus/nats.ts');
    return openNatsBus(spec, { onDead: (m, err) => warn(`bus: dropped ${m.topic} ${m.id} after repeated failures: ${(err as Error).message}`) });
  }
  throw new UserError(`--bus must be memory or a nats:// URL, not ${spec}`, 'USAGE');
}

/** `<data>/local-agent.token` (0600): the enrollment token of the agent on this host. */
async function ensureLocalAgentToken(store: Store, path: string): Promise<void> {
  if (existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    if (await store.getEnrollmentTokenByHash(hashSecret(token))) return;
  }
  const token = newSecret(SECRET_PREFIX.enrollment);
  await store.createEnrollmentToken({ id: newId(), token_hash: hashSecret(token), description: 'local agent / 本机代理', group_id: null, expires_at: null, created_at: new Date().toISOString(), created_by: 'system' });
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  if (opts.role !== 'all' && opts.bus === 'memory') throw new UserError(`--role ${opts.role} needs a shared durable bus (--bus nats://…) / 分布式角色需要 NATS 总线`, 'USAGE');
  const dataDir = resolve(opts.dataDir);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new UserError(`cannot create data directory ${dataDir}: ${(err as Error).message}`, 'BAD_DATA_DIR');
  }
  const tls = opts.tls ? loadTls(opts.tls, dataDir, opts.host) : undefined;
  const warn = (m: string) => opts.log(`vigil server: warning: ${m}`);

  // Read before anything is opened: a bad file is a UserError with nothing to close.
  const geo = opts.geoip?.length ? readGeoCsv(opts.geoip) : undefined;
  const store = await openStore(opts.store, dataDir);
  const bus = await openBus(opts.bus, opts.busCapacity, warn);
  const settings = new SettingsCache(store);
  await settings.load();
  const live = new LiveHub();
  const metrics = new Metrics();
  const rules = RuleSet.load(opts.rules, await store.getRuleStates(), geo);
  for (const w of rules.warnings) warn(w);
  const outputs = new AlertOutputs(store, opts.outputs ?? [], warn);
  await outputs.reload();
  const alerts = new AlertPipeline(store, settings, live, metrics, outputs);
  await alerts.loadSuppressions();
  const ingest = new EventIngest(store, bus, metrics);
  const vulns = new VulnerabilityMatcher(store, { dbPath: opts.vulndb, localHostId: localHost().id, warn });
  const services: Services = { store, bus, live, metrics, settings, rules, alerts, ingest, vulns, outputs, version: SERVER_VERSION, tls: tls !== undefined };

  const bootstrap = await bootstrapAdmin(store, opts.adminPassword);
  const localAgentTokenPath = join(dataDir, 'local-agent.token');
  await ensureLocalAgentToken(store, localAgentTokenPath);
  if (vulns.status()) warn(vulns.status()!);

  const analyzes = opts.role === 'all' || opts.role === 'analyze';
  const analyzer = new Analyzer(store, bus, rules, alerts, vulns, ingest, metrics, warn);
  if (analyzes) await analyzer.start();

  metrics.onCollect(async () => {
    const b = bus.stats();
    metrics.set('vigil_bus_depth', 'Events (units) published and not yet analyzed', b.depth);
    metrics.set('vigil_bus_capacity', 'Capacity of the bus before ingest refuses', b.capacity);
    metrics.set('vigil_bus_dead_total', 'Bus messages dropped after repeated failures', b.dead);
    const cut = new Date(Date.now() - 90_000).toISOString();
    metrics.set('vigil_agents_online', 'Agents seen in the last 90 s', (await store.listAgents({ seen_since: cut, limit: 1 })).total);
    metrics.set('vigil_agents_offline', 'Agents not seen in the last 90 s', (await store.listAgents({ not_seen_since: cut, limit: 1 })).total);
    for (const o of outputs.stats()) {
      const labels = { output: o.name, records: o.records };
      metrics.set('vigil_output_sent_total', 'Records (alerts, inspections) delivered per output', o.sent, labels);
      metrics.set('vigil_output_dropped_total', 'Records an output missed (queue full)', o.dropped, labels);
      metrics.set('vigil_output_failed_total', 'Records an output failed to deliver', o.failed, labels);
    }
    metrics.set('vigil_sse_clients', 'Live stream subscribers', live.size);
  });

  const routes: RouteSpec[] = [];
  const serves = opts.role !== 'analyze';
  if (serves) {
    const byRole: RouteSpec[] =
      opts.role === 'ingest'
        ? [...agentRoutes(services)]
        : opts.role === 'api'
          ? [...peopleRoutes(services), ...assetRoutes(services), ...detectionRoutes(services), ...postureRoutes(services)]
          : [...agentRoutes(services), ...peopleRoutes(services), ...assetRoutes(services), ...detectionRoutes(services), ...postureRoutes(services)];
    routes.push(...byRole, ...systemRoutes(services, () => routes));
  }

  let app: FastifyInstance | undefined;
  let url = '';
  let port = 0;
  if (serves) {
    const consoleDir = opts.consoleDir ?? DEFAULT_CONSOLE_DIR;
    app = await buildApp({ store, routes, https: tls, consoleDir: consoleDir !== undefined && existsSync(consoleDir) ? consoleDir : undefined, onInternalError: (err) => opts.log(`vigil server: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`) });
    try {
      await app.listen({ host: opts.host, port: opts.port });
    } catch (err) {
      await store.close();
      throw new UserError(`cannot listen on ${opts.host}:${opts.port}: ${(err as Error).message}`, 'LISTEN');
    }
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : opts.port;
    url = `${tls ? 'https' : 'http'}://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  }

  // Periodic jobs: agent status changes, retention, expired sessions, inspections, rule windows.
  const known = new Map<string, boolean>();
  let lastRetention = 0;
  const lastInspection = new Map<string, number>();
  const periodic = async () => {
    const now = new Date();
    for (const a of (await store.listAgents({ limit: 100_000 })).items) {
      const online = isOnline(a, now);
      if (known.has(a.id) && known.get(a.id) !== online) live.publish('agent.status', withStatus(a, now));
      known.set(a.id, online);
    }
    if (!analyzes) return;
    await analyzer.tick(now);
    const st = settings.get();
    if (now.getTime() - lastRetention > 3600_000) {
      lastRetention = now.getTime();
      const { deleted } = await store.pruneEvents({ before: new Date(now.getTime() - st.retention_days * 86_400_000).toISOString(), max_bytes: st.retention_max_bytes });
      if (deleted) metrics.inc('vigil_events_pruned_total', 'Events removed by retention', deleted);
      await store.deleteExpiredSessions(now.toISOString());
    }
    for (const g of await store.listAgentGroups()) {
      const last = lastInspection.get(g.id) ?? (await store.listInspections({ group_id: g.id, limit: 1 })).items[0]?.time;
      const lastMs = typeof last === 'number' ? last : last ? Date.parse(last) : 0;
      if (now.getTime() - lastMs < st.inspection_interval_seconds * 1000) {
        lastInspection.set(g.id, lastMs);
        continue;
      }
      const since = new Date(lastMs || now.getTime() - st.inspection_interval_seconds * 1000).toISOString();
      await inspectGroup(store, g.id, { since, unpatchedDays: st.unpatched_days, now, sink: outputs });
      lastInspection.set(g.id, now.getTime());
    }
  };
  let running: Promise<void> | undefined;
  const tick = () =>
    (running ??= periodic()
      .catch((err) => warn(`periodic jobs: ${(err as Error).message}`))
      .finally(() => (running = undefined)));
  const timer = setInterval(() => void tick(), opts.periodicMs ?? 15_000);
  timer.unref();

  return {
    url,
    port,
    app,
    services,
    routes,
    bootstrap,
    localAgentTokenPath,
    async runPeriodicJobs() {
      // A run already under way may have started before what the caller just changed.
      await running;
      await tick();
    },
    async close() {
      clearInterval(timer);
      await running;
      await app?.close();
      await analyzer.stop();
      await bus.close();
      await outputs.close();
      await store.close();
    },
  };
}
