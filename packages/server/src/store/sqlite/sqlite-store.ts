/**
 * The SQLite store (embedded mode, the default): one file in WAL mode with synchronous=FULL, so
 * a resolved write survives a kill -9 or a power cut. better-sqlite3 is synchronous; each method
 * is one transaction and the async signature is the interface's. The hot writes — event batches,
 * detection's alerts, incidents and analyzed marks, agents' last-seen — are committed off the event
 * loop, grouped, by the file's writer thread (`writer-thread.ts`).
 */
import Database from 'better-sqlite3';
import { UserError, type VigilEvent } from '@vigil/schema';
import { alertSeverityRank, findingSeverityRank } from '../ranks.ts';
import {
  type Agent,
  type AgentEnrollment,
  type AgentGroup,
  type AgentQuery,
  type AlertComment,
  type AlertHistogramRow,
  type AlertPatch,
  type AlertQuery,
  type AlertRecord,
  type AlertRepeat,
  type ApiToken,
  type AttackCount,
  type AuditQuery,
  type AuditRecord,
  type ComplianceQuery,
  type ComplianceReportSummary,
  type ComplianceReportWrite,
  type ComplianceResultRecord,
  DEFAULT_GROUP_ID,
  type DetectionWrites,
  type EnrollmentToken,
  type EventBatch,
  type EventQuery,
  type EventRetention,
  type FindingQuery,
  type FindingRecord,
  type Host,
  type HostUpsert,
  type ImageQuery,
  type ImageRecord,
  type IncidentPatch,
  type IncidentQuery,
  type IncidentRecord,
  type InspectionReport,
  type InventoryChange,
  type InventoryChangeQuery,
  type InventoryRow,
  type InventoryTable,
  type InventoryWrite,
  type OutputConfig,
  type Page,
  type PageQuery,
  type ResponseAction,
  type Session,
  SORT_KEYS,
  type StoredEvent,
  type Store,
  type Suppression,
  type TargetFindingCount,
  type TargetKind,
  type User,
  type UserPatch,
} from '../store.ts';
import { acquireWriter, releaseWriter, type Statement, type WriterThread } from './writer-thread.ts';
import { SQLITE_MIGRATIONS } from './migrations.ts';
import { Where } from './where.ts';

type Row = Record<string, any>;

const json = (v: unknown): string => JSON.stringify(v);
const parse = <T>(s: string | null): T => (s === null ? (null as T) : (JSON.parse(s) as T));
const DAY_MS = 86_400_000;

/** Sort key → column expression, per list; the first key of SORT_KEYS is the default. */
export const SORT_COLUMNS: { [L in keyof typeof SORT_KEYS]: Record<(typeof SORT_KEYS)[L][number], string> } = {
  hosts: { last_seen: 'last_seen', name: 'name', first_seen: 'first_seen' },
  agents: { last_seen: 'last_seen', enrolled_at: 'enrolled_at', name: 'name' },
  events: { time: 'time_ms' },
  alerts: { last_seen: 'last_seen', first_seen: 'first_seen', severity: 'sev_rank', count: 'count' },
  incidents: { last_seen: 'last_seen', first_seen: 'first_seen', severity: 'sev_rank' },
  findings: { priority: 'priority', severity: 'sev_rank', first_seen: 'first_seen', vuln_id: 'vuln_id' },
  images: { last_seen: 'last_seen', name: 'name' },
  compliance_reports: { time: 'time' },
  compliance_results: { time: 'time', check_id: 'check_id' },
  audit: { time: 'id' },
  inspections: { time: 'time' },
  inventory_changes: { time: 'seq' },
};

export function orderBy<L extends keyof typeof SORT_KEYS>(list: L, q: PageQuery, tiebreak: string): string {
  const columns = SORT_COLUMNS[list] as Record<string, string>;
  const key = q.sort ?? SORT_KEYS[list][0];
  const column = columns[key];
  if (!column) throw new UserError(`sort must be one of ${Object.keys(columns).join(', ')}`, 'BAD_SORT');
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  return `ORDER BY ${column} ${dir}, ${tiebreak} ${dir}`;
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  /** Acquired by the first write that goes through it: tools that only read never start it. */
  private writer?: WriterThread;

  constructor(private readonly path: string) {
    try {
      this.db = new Database(path);
    } catch (err) {
      throw new UserError(`cannot open store ${path}: ${(err as Error).message}`, 'STORE_OPEN');
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = OFF');
    this.db.pragma('busy_timeout = 5000');
    this.migrateSync();
  }

  private writerThread(): WriterThread {
    return (this.writer ??= acquireWriter(this.path));
  }

  /** One of the shared statement builders below, run on this connection. */
  private exec([sql, params]: Statement): void {
    this.db.prepare(sql).run(...params);
  }

  /**
   * A write transaction, BEGIN IMMEDIATE: it takes the write lock up front (waiting per
   * busy_timeout), where a deferred one that read first would fail at once if the writer thread's
   * connection committed in between.
   */
  private write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private migrateSync(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = new Set(this.db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    const newest = Math.max(0, ...SQLITE_MIGRATIONS.map((m) => m.version));
    if ([...applied].some((v) => v > newest)) throw new UserError('the store was written by a newer Vigil server; upgrade this one', 'STORE_NEWER');
    for (const m of SQLITE_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      this.write(() => {
        this.db.exec(m.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
      });
    }
  }

  async migrate(): Promise<void> {
    this.migrateSync();
  }

  async migrations(): Promise<number[]> {
    return this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
  }

  async close(): Promise<void> {
    if (this.writer) await releaseWriter(this.writer);
    this.writer = undefined;
    if (this.db.open) this.db.close();
  }

  /** The first row of a query, mapped; undefined when there is none. */
  private one<T>(sql: string, map: (r: Row) => T, ...params: unknown[]): T | undefined {
    const r = this.db.prepare(sql).get(...params) as Row | undefined;
    return r && map(r);
  }

  private page<T>(from: string, where: Where, order: string, q: PageQuery, map: (r: Row) => T, select = '*'): Page<T> {
    const total = (this.db.prepare(`SELECT count(*) FROM ${from} ${where.sql}`).pluck().get(...where.params) as number) ?? 0;
    const rows = this.db.prepare(`SELECT ${select} FROM ${from} ${where.sql} ${order} LIMIT ? OFFSET ?`).all(...where.params, q.limit ?? 100, q.offset ?? 0) as Row[];
    return { items: rows.map(map), total };
  }

  // --- hosts -----------------------------------------------------------------------------------

  async upsertHost(h: HostUpsert): Promise<Host> {
    const row = this.write(() => {
      const old = this.db.prepare('SELECT * FROM hosts WHERE id = ?').get(h.id) as Row | undefined;
      if (!old) {
        this.db
          .prepare('INSERT INTO hosts (id, name, os, os_ecosystem, addresses, group_id, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(h.id, h.name ?? h.id, h.os ?? null, h.os_ecosystem ?? null, json(h.addresses ?? []), h.group_id ?? null, h.seen, h.seen);
      } else {
        this.db
          .prepare('UPDATE hosts SET name = ?, os = ?, os_ecosystem = ?, addresses = ?, group_id = ?, last_seen = max(last_seen, ?) WHERE id = ?')
          .run(
            h.name ?? old.name,
            h.os !== undefined ? h.os : old.os,
            h.os_ecosystem !== undefined ? h.os_ecosystem : old.os_ecosystem,
            h.addresses ? json(h.addresses) : old.addresses,
            h.group_id !== undefined ? h.group_id : old.group_id,
            h.seen,
            h.id,
          );
      }
      return this.db.prepare('SELECT * FROM hosts WHERE id = ?').get(h.id) as Row;
    });
    return toHost(row);
  }

  async getHost(id: string): Promise<Host | undefined> {
    return this.one('SELECT * FROM hosts WHERE id = ?', toHost, id);
  }

  async listHosts(q: PageQuery & { group_id?: string; q?: string }): Promise<Page<Host>> {
    const w = new Where().add('group_id = ?', q.group_id).add("(name LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\')", like(q.q), like(q.q));
    return this.page('hosts', w, orderBy('hosts', q, 'id'), q, toHost);
  }

  // --- agents ----------------------------------------------------------------------------------

  async enrollAgent(e: AgentEnrollment): Promise<Agent> {
    const id = this.write(() => {
      const old = this.db.prepare('SELECT id, group_id FROM agents WHERE host_id = ?').get(e.host_id) as Row | undefined;
      if (old) {
        this.db
          .prepare('UPDATE agents SET name = ?, version = ?, credential_hash = ?, group_id = ?, enrolled_at = ? WHERE id = ?')
          .run(e.name, e.version, e.credential_hash, e.group_id ?? old.group_id, e.time, old.id);
        return old.id as string;
      }
      this.db
        .prepare('INSERT INTO agents (id, host_id, name, version, group_id, credential_hash, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(e.new_agent_id, e.host_id, e.name, e.version, e.group_id ?? DEFAULT_GROUP_ID, e.credential_hash, e.time);
      return e.new_agent_id;
    });
    return (await this.getAgent(id))!;
  }

  async getAgent(id: string): Promise<Agent | undefined> {
    return this.one('SELECT * FROM agents WHERE id = ?', toAgent, id);
  }

  async getAgentByCredentialHash(hash: string): Promise<Agent | undefined> {
    return this.one('SELECT * FROM agents WHERE credential_hash = ?', toAgent, hash);
  }

  async listAgents(q: AgentQuery): Promise<Page<Agent>> {
    const w = new Where()
      .add('group_id = ?', q.group_id)
      .add('host_id = ?', q.host_id)
      .add('last_seen >= ?', q.seen_since)
      .add('(last_seen IS NULL OR last_seen < ?)', q.not_seen_since);
    return this.page('agents', w, orderBy('agents', q, 'id'), q, toAgent);
  }

  async setAgentGroup(id: string, groupId: string | null): Promise<Agent | undefined> {
    this.db.prepare('UPDATE agents SET group_id = ? WHERE id = ?').run(groupId, id);
    return this.getAgent(id);
  }

  /** On the ingest path: through the writer thread, so it never waits for the write lock here. */
  async touchAgent(id: string, seen: string, heartbeat?: { version: string; health: Record<string, unknown> }): Promise<void> {
    await this.writerThread().run([
      heartbeat
        ? ['UPDATE agents SET last_seen = max(coalesce(last_seen, ?), ?), version = ?, health = ? WHERE id = ?', [seen, seen, heartbeat.version, json(heartbeat.health), id]]
        : ['UPDATE agents SET last_seen = max(coalesce(last_seen, ?), ?) WHERE id = ?', [seen, seen, id]],
    ]);
  }

  // --- enrollment tokens -----------------------------------------------------------------------

  async createEnrollmentToken(t: Omit<EnrollmentToken, 'uses'>): Promise<EnrollmentToken> {
    this.db
      .prepare('INSERT INTO enrollment_tokens (id, token_hash, description, group_id, expires_at, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(t.id, t.token_hash, t.description, t.group_id, t.expires_at, t.created_at, t.created_by);
    return { ...t, uses: 0 };
  }

  async getEnrollmentTokenByHash(hash: string): Promise<EnrollmentToken | undefined> {
    return this.db.prepare('SELECT * FROM enrollment_tokens WHERE token_hash = ?').get(hash) as EnrollmentToken | undefined;
  }

  async listEnrollmentTokens(): Promise<EnrollmentToken[]> {
    return this.db.prepare('SELECT * FROM enrollment_tokens ORDER BY created_at DESC, id').all() as EnrollmentToken[];
  }

  async countEnrollmentTokenUse(id: string): Promise<void> {
    this.db.prepare('UPDATE enrollment_tokens SET uses = uses + 1 WHERE id = ?').run(id);
  }

  async deleteEnrollmentToken(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM enrollment_tokens WHERE id = ?').run(id).changes > 0;
  }

  // --- agent groups ----------------------------------------------------------------------------

  async createAgentGroup(g: Omit<AgentGroup, 'config_version' | 'created_at' | 'updated_at'> & { time: string }): Promise<AgentGroup> {
    try {
      this.db
        .prepare('INSERT INTO agent_groups (id, name, description, config, config_version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)')
        .run(g.id, g.name, g.description, json(g.config), g.time, g.time);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new UserError(`an agent group named ${g.name} exists`, 'CONFLICT');
      throw err;
    }
    return (await this.getAgentGroup(g.id))!;
  }

  async getAgentGroup(id: string): Promise<AgentGroup | undefined> {
    return this.one('SELECT * FROM agent_groups WHERE id = ?', toGroup, id);
  }

  async listAgentGroups(): Promise<AgentGroup[]> {
    return (this.db.prepare('SELECT * FROM agent_groups ORDER BY name').all() as Row[]).map(toGroup);
  }

  async updateAgentGroup(id: string, patch: { name?: string; description?: string; config?: Record<string, unknown>; time: string }): Promise<AgentGroup | undefined> {
    const old = await this.getAgentGroup(id);
    if (!old) return undefined;
    const configChanged = patch.config !== undefined && json(patch.config) !== json(old.config);
    this.db
      .prepare('UPDATE agent_groups SET name = ?, description = ?, config = ?, config_version = ?, updated_at = ? WHERE id = ?')
      .run(patch.name ?? old.name, patch.description ?? old.description, json(patch.config ?? old.config), old.config_version + (configChanged ? 1 : 0), patch.time, id);
    return this.getAgentGroup(id);
  }

  async deleteAgentGroup(id: string): Promise<boolean> {
    if (id === DEFAULT_GROUP_ID) throw new UserError('the default agent group cannot be deleted', 'FORBIDDEN_DELETE');
    return this.write(() => {
      this.db.prepare('UPDATE agents SET group_id = NULL WHERE group_id = ?').run(id);
      this.db.prepare('UPDATE hosts SET group_id = NULL WHERE group_id = ?').run(id);
      return this.db.prepare('DELETE FROM agent_groups WHERE id = ?').run(id).changes > 0;
    });
  }

  // --- inventory -------------------------------------------------------------------------------

  async saveInventory(w: InventoryWrite): Promise<{ duplicate: boolean }> {
    return this.write(() => {
      const ins = this.db
        .prepare('INSERT OR IGNORE INTO inventory_snapshots (id, host_id, agent_id, time, full, tables) VALUES (?, ?, ?, ?, ?, ?)')
        .run(w.id, w.host_id, w.agent_id, w.time, w.full ? 1 : 0, json(w.tables.map((t) => t.table)));
      if (ins.changes === 0) return { duplicate: true };
      const put = this.db.prepare('INSERT OR REPLACE INTO inventory_tables (host_id, tbl, rows, error, warnings, snapshot_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const t of w.tables) put.run(w.host_id, t.table, json(t.rows), t.error, json(t.warnings), w.id, w.time);
      const change = this.db.prepare('INSERT INTO inventory_changes (host_id, snapshot_id, time, tbl, added, removed, changed) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const c of w.changes) change.run(c.host_id, c.snapshot_id, c.time, c.table, json(c.added), json(c.removed), json(c.changed));
      return { duplicate: false };
    });
  }

  async getInventory(hostId: string, table?: string): Promise<InventoryTable[]> {
    const w = new Where().add('host_id = ?', hostId).add('tbl = ?', table);
    return (this.db.prepare(`SELECT * FROM inventory_tables ${w.sql} ORDER BY tbl`).all(...w.params) as Row[]).map((r) => ({
      table: r.tbl,
      rows: parse<InventoryRow[]>(r.rows),
      error: r.error,
      warnings: parse<string[]>(r.warnings),
      snapshot_id: r.snapshot_id,
      updated_at: r.updated_at,
    }));
  }

  async listInventoryRows(table: string): Promise<{ host_id: string; rows: InventoryRow[] }[]> {
    return (this.db.prepare('SELECT host_id, rows FROM inventory_tables WHERE tbl = ? ORDER BY host_id').all(table) as Row[]).map((r) => ({ host_id: r.host_id, rows: parse<InventoryRow[]>(r.rows) }));
  }

  async listInventoryChanges(q: InventoryChangeQuery): Promise<Page<InventoryChange>> {
    const w = new Where().add('host_id = ?', q.host_id).add('tbl = ?', q.table).add('time >= ?', q.since).add('time < ?', q.until);
    return this.page('inventory_changes', w, orderBy('inventory_changes', q, 'seq'), q, (r) => ({
      host_id: r.host_id,
      snapshot_id: r.snapshot_id,
      time: r.time,
      table: r.tbl,
      added: parse<InventoryRow[]>(r.added),
      removed: parse<InventoryRow[]>(r.removed),
      changed: parse<InventoryChange['changed']>(r.changed),
    }));
  }

  // --- events ----------------------------------------------------------------------------------

  async appendEvents(b: EventBatch): Promise<{ duplicate: boolean }> {
    return this.writerThread().append(b);
  }

  async getEvents(ids: readonly string[]): Promise<StoredEvent[]> {
    const get = this.db.prepare('SELECT * FROM events WHERE batch_id = ? AND idx = ?');
    const out: StoredEvent[] = [];
    for (const id of ids) {
      const cut = id.lastIndexOf(':');
      if (cut < 0) continue;
      const r = get.get(id.slice(0, cut), Number(id.slice(cut + 1))) as Row | undefined;
      if (r) out.push(toEvent(r));
    }
    return out;
  }

  async listEvents(q: EventQuery): Promise<Page<StoredEvent>> {
    const w = new Where()
      .add('host_id = ?', q.host_id)
      .add('kind = ?', q.kind)
      .add('batch_id = ?', q.batch_id)
      .add('time_ms >= ?', q.since === undefined ? undefined : Date.parse(q.since))
      .add('time_ms < ?', q.until === undefined ? undefined : Date.parse(q.until));
    return this.page('events', w, orderBy('events', q, 'seq'), q, toEvent);
  }

  async isBatchAnalyzed(batchId: string): Promise<boolean> {
    return this.one('SELECT analyzed FROM event_batches WHERE id = ?', (r) => r.analyzed === 1, batchId) ?? false;
  }

  async unanalyzedBatches(limit: number): Promise<EventBatch[]> {
    const batches = this.db.prepare('SELECT * FROM event_batches WHERE analyzed = 0 ORDER BY received_at, rowid LIMIT ?').all(limit) as Row[];
    const events = this.db.prepare('SELECT body FROM events WHERE batch_id = ? ORDER BY idx').pluck();
    return batches.map((b) => ({
      id: b.id,
      agent_id: b.agent_id,
      host_id: b.host_id,
      received_at: b.received_at,
      events: (events.all(b.id) as string[]).map((s) => JSON.parse(s) as VigilEvent),
    }));
  }

  async pruneEvents(r: EventRetention): Promise<{ deleted: number }> {
    return this.write(() => {
      let deleted = 0;
      if (r.before) {
        const dayStart = Math.floor(Date.parse(r.before) / DAY_MS) * DAY_MS;
        deleted += this.db.prepare('DELETE FROM events WHERE time_ms < ?').run(dayStart).changes;
      }
      if (r.max_bytes !== undefined) {
        let bytes = (this.db.prepare('SELECT coalesce(sum(size), 0) FROM events').pluck().get() as number) ?? 0;
        const oldest = this.db.prepare('SELECT seq, size FROM events ORDER BY time_ms, seq LIMIT 1000');
        const del = this.db.prepare('DELETE FROM events WHERE seq = ?');
        while (bytes > r.max_bytes) {
          const rows = oldest.all() as Row[];
          if (rows.length === 0) break;
          for (const row of rows) {
            if (bytes <= r.max_bytes) break;
            del.run(row.seq);
            bytes -= row.size;
            deleted++;
          }
        }
      }
      return { deleted };
    });
  }

  async eventStats(): Promise<{ count: number; bytes: number; oldest: string | null }> {
    const r = this.db.prepare('SELECT count(*) AS count, coalesce(sum(size), 0) AS bytes FROM events').get() as Row;
    const oldest = this.db.prepare('SELECT time FROM events ORDER BY time_ms LIMIT 1').pluck().get() as string | undefined;
    return { count: r.count, bytes: r.bytes, oldest: oldest ?? null };
  }

  // --- alerts ----------------------------------------------------------------------------------

  /** Through the writer thread: detection commits while ingest commits, without lock waits. */
  async commitDetections(w: DetectionWrites): Promise<void> {
    await this.writerThread().run([
      ...w.incidents.map(insertIncident),
      ...w.incident_updates.map((u) => updateIncident(u.id, u.patch)),
      ...w.alerts.map(insertAlert),
      ...w.repeats.map((r) => repeatAlert(r.id, r.repeat)),
      ...(w.analyzed_batch === undefined ? [] : [markAnalyzed(w.analyzed_batch)]),
    ]);
  }

  async createAlert(a: AlertRecord): Promise<AlertRecord> {
    this.exec(insertAlert(a));
    return a;
  }

  async getAlert(id: string): Promise<AlertRecord | undefined> {
    return this.one('SELECT * FROM alerts WHERE id = ?', toAlert, id);
  }

  async listAlerts(q: AlertQuery): Promise<Page<AlertRecord>> {
    const w = new Where()
      .in('status', q.status)
      .in('severity', q.severity)
      .add('host_id = ?', q.host_id)
      .add('rule_id = ?', q.rule_id)
      .add('incident_id = ?', q.incident_id)
      .add('EXISTS (SELECT 1 FROM json_each(alerts.techniques) WHERE value = ? OR value LIKE ?)', q.technique, q.technique && `${q.technique}.%`)
      .add('EXISTS (SELECT 1 FROM json_each(alerts.tactics) WHERE value = ?)', q.tactic)
      .add("(rule_name LIKE ? ESCAPE '\\' OR output LIKE ? ESCAPE '\\')", like(q.q), like(q.q))
      .add('last_seen >= ?', q.since)
      .add('first_seen < ?', q.until);
    return this.page('alerts', w, orderBy('alerts', q, 'id'), q, toAlert);
  }

  async findAlertByDedupKey(key: string, since: string): Promise<AlertRecord | undefined> {
    return this.one("SELECT * FROM alerts WHERE dedup_key = ? AND last_seen >= ? AND status IN ('new', 'acknowledged') ORDER BY last_seen DESC LIMIT 1", toAlert, key, since);
  }

  async recordAlertRepeat(id: string, r: AlertRepeat): Promise<AlertRecord | undefined> {
    this.exec(repeatAlert(id, r));
    return this.getAlert(id);
  }

  async updateAlert(id: string, patch: AlertPatch): Promise<AlertRecord | undefined> {
    const old = await this.getAlert(id);
    if (!old) return undefined;
    this.db
      .prepare('UPDATE alerts SET status = ?, assignee = ?, incident_id = ?, updated_at = ? WHERE id = ?')
      .run(patch.status ?? old.status, patch.assignee !== undefined ? patch.assignee : old.assignee, patch.incident_id !== undefined ? patch.incident_id : old.incident_id, patch.updated_at, id);
    return this.getAlert(id);
  }

  async addAlertComment(id: string, c: AlertComment): Promise<AlertRecord | undefined> {
    this.db.prepare('UPDATE alerts SET comments = json_insert(comments, \'$[#]\', json(?)), updated_at = ? WHERE id = ?').run(json(c), c.time, id);
    return this.getAlert(id);
  }

  async alertHistogram(since: string, bucket: 'hour' | 'day'): Promise<AlertHistogramRow[]> {
    const len = bucket === 'day' ? 10 : 13;
    return this.db
      .prepare(`SELECT substr(first_seen, 1, ${len}) AS bucket, severity, count(*) AS count FROM alerts WHERE first_seen >= ? GROUP BY bucket, severity ORDER BY bucket, severity`)
      .all(since) as AlertHistogramRow[];
  }

  async attackCounts(since?: string): Promise<AttackCount[]> {
    const w = new Where().add('a.first_seen >= ?', since);
    return this.db
      .prepare(
        `SELECT t.value AS technique, c.value AS tactic, count(*) AS count
         FROM alerts a JOIN json_each(a.techniques) t LEFT JOIN json_each(a.tactics) c ${w.sql}
         GROUP BY technique, tactic ORDER BY count DESC, technique`,
      )
      .all(...w.params) as AttackCount[];
  }

  // --- incidents -------------------------------------------------------------------------------

  async createIncident(i: IncidentRecord): Promise<IncidentRecord> {
    this.exec(insertIncident(i));
    return i;
  }

  async getIncident(id: string): Promise<IncidentRecord | undefined> {
    return this.one('SELECT * FROM incidents WHERE id = ?', toIncident, id);
  }

  async listIncidents(q: IncidentQuery): Promise<Page<IncidentRecord>> {
    const w = new Where().add('host_id = ?', q.host_id).add('status = ?', q.status);
    return this.page('incidents', w, orderBy('incidents', q, 'id'), q, toIncident);
  }

  async findOpenIncident(hostId: string, since: string): Promise<IncidentRecord | undefined> {
    return this.one("SELECT * FROM incidents WHERE host_id = ? AND status = 'open' AND last_seen >= ? ORDER BY last_seen DESC LIMIT 1", toIncident, hostId, since);
  }

  async updateIncident(id: string, patch: IncidentPatch): Promise<IncidentRecord | undefined> {
    this.exec(updateIncident(id, patch));
    return this.getIncident(id);
  }

  // --- rules, suppressions ---------------------------------------------------------------------

  async getRuleStates(): Promise<Map<string, boolean>> {
    return new Map((this.db.prepare('SELECT rule_id, enabled FROM rule_states').all() as Row[]).map((r) => [r.rule_id, r.enabled === 1]));
  }

  async setRuleState(ruleId: string, enabled: boolean): Promise<void> {
    this.db.prepare('INSERT INTO rule_states (rule_id, enabled) VALUES (?, ?) ON CONFLICT (rule_id) DO UPDATE SET enabled = excluded.enabled').run(ruleId, enabled ? 1 : 0);
  }

  async createSuppression(s: Suppression): Promise<Suppression> {
    this.db
      .prepare('INSERT INTO suppressions (id, rule_id, host_id, process_executable, container_image, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(s.id, s.rule_id, s.host_id, s.process_executable, s.container_image, s.reason, s.created_by, s.created_at);
    return s;
  }

  async listSuppressions(): Promise<Suppression[]> {
    return this.db.prepare('SELECT * FROM suppressions ORDER BY created_at, id').all() as Suppression[];
  }

  async deleteSuppression(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM suppressions WHERE id = ?').run(id).changes > 0;
  }

  // --- findings, images ------------------------------------------------------------------------

  async replaceFindings(kind: TargetKind, targetId: string, findings: FindingRecord[]): Promise<void> {
    this.write(() => {
      const firstSeen = new Map((this.db.prepare('SELECT id, first_seen FROM findings WHERE target_kind = ? AND target_id = ?').all(kind, targetId) as Row[]).map((r) => [r.id as string, r.first_seen as string]));
      this.db.prepare('DELETE FROM findings WHERE target_kind = ? AND target_id = ?').run(kind, targetId);
      const ins = this.db.prepare(
        `INSERT OR REPLACE INTO findings (id, target_kind, target_id, vuln_id, aliases, title, package_name, package_version, ecosystem, fixed_version,
         severity, sev_rank, cvss_score, known_exploited, exposure, priority, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const f of findings) {
        ins.run(
          f.id, kind, targetId, f.vuln_id, json(f.aliases), f.title, f.package_name, f.package_version, f.ecosystem, f.fixed_version, f.severity,
          findingSeverityRank(f.severity), f.cvss_score, f.known_exploited ? 1 : 0, f.exposure, f.priority, firstSeen.get(f.id) ?? f.first_seen, f.last_seen,
        );
      }
    });
  }

  async getFinding(id: string): Promise<FindingRecord | undefined> {
    return this.one('SELECT * FROM findings WHERE id = ?', toFinding, id);
  }

  async listFindings(q: FindingQuery): Promise<Page<FindingRecord>> {
    const w = new Where()
      .in('upper(severity)', q.severity?.map((s) => s.toUpperCase()))
      .add('target_kind = ?', q.target_kind)
      .add("((target_kind = 'host' AND target_id = ?) OR (target_kind = 'image' AND target_id IN (SELECT digest FROM host_images WHERE host_id = ?)))", q.host_id, q.host_id)
      .add("target_kind = 'image' AND (target_id = ? OR target_id IN (SELECT digest FROM images WHERE name = ?))", q.image, q.image)
      .add('vuln_id = ?', q.vuln_id)
      .add("(vuln_id LIKE ? ESCAPE '\\' OR package_name LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\')", like(q.q), like(q.q), like(q.q))
      .add('first_seen < ?', q.first_seen_before);
    if (q.fixable !== undefined) w.add(q.fixable ? 'fixed_version IS NOT NULL' : 'fixed_version IS NULL');
    return this.page('findings', w, orderBy('findings', q, 'id'), q, toFinding);
  }

  async findingCountsByTarget(kind: TargetKind, limit: number): Promise<TargetFindingCount[]> {
    return this.db
      .prepare(
        `SELECT target_kind, target_id, count(*) AS total, sum(sev_rank = 5) AS critical, sum(sev_rank = 4) AS high FROM findings
         WHERE target_kind = ? GROUP BY target_id ORDER BY critical DESC, high DESC, total DESC, target_id LIMIT ?`,
      )
      .all(kind, limit) as TargetFindingCount[];
  }

  async upsertImage(i: Omit<ImageRecord, 'first_seen' | 'host_ids'> & { seen: string }): Promise<ImageRecord> {
    this.db
      .prepare(
        `INSERT INTO images (digest, name, tags, os, scanned_at, scan_error, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (digest) DO UPDATE SET name = excluded.name, tags = excluded.tags, os = coalesce(excluded.os, os),
         scanned_at = coalesce(excluded.scanned_at, scanned_at), scan_error = excluded.scan_error, last_seen = max(last_seen, excluded.last_seen)`,
      )
      .run(i.digest, i.name, json(i.tags), i.os, i.scanned_at, i.scan_error, i.seen, i.seen);
    return (await this.getImage(i.digest))!;
  }

  async getImage(digest: string): Promise<ImageRecord | undefined> {
    return this.one(`SELECT *, ${HOST_IDS} FROM images WHERE digest = ?`, toImage, digest);
  }

  async listImages(q: ImageQuery): Promise<Page<ImageRecord>> {
    const w = new Where()
      .add('digest IN (SELECT digest FROM host_images WHERE host_id = ?)', q.host_id)
      .add("(name LIKE ? ESCAPE '\\' OR digest LIKE ? ESCAPE '\\')", like(q.q), like(q.q));
    return this.page('images', w, orderBy('images', q, 'digest'), q, toImage, `*, ${HOST_IDS}`);
  }

  async setHostImages(hostId: string, digests: readonly string[]): Promise<void> {
    this.write(() => {
      this.db.prepare('DELETE FROM host_images WHERE host_id = ?').run(hostId);
      const ins = this.db.prepare('INSERT OR IGNORE INTO host_images (host_id, digest) VALUES (?, ?)');
      for (const d of digests) ins.run(hostId, d);
    });
  }

  // --- compliance ------------------------------------------------------------------------------

  async saveComplianceReport(r: ComplianceReportWrite): Promise<{ duplicate: boolean }> {
    return this.write(() => {
      const n = (s: string) => r.results.filter((x) => x.status === s).length;
      const ins = this.db
        .prepare('INSERT OR IGNORE INTO compliance_reports (id, host_id, agent_id, profile, time, pass, fail, warn, manual) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(r.id, r.host_id, r.agent_id, r.profile, r.time, n('pass'), n('fail'), n('warn'), n('manual'));
      if (ins.changes === 0) return { duplicate: true };
      // The latest report of a profile on a host is its current state; an older one arriving late
      // is kept as history only.
      const newest = this.db.prepare('SELECT max(time) FROM compliance_reports WHERE host_id = ? AND profile = ?').pluck().get(r.host_id, r.profile) as string;
      if (newest === r.time) {
        this.db.prepare('DELETE FROM compliance_results WHERE host_id = ? AND profile = ?').run(r.host_id, r.profile);
        const put = this.db.prepare('INSERT OR REPLACE INTO compliance_results (host_id, profile, check_id, report_id, time, status, body) VALUES (?, ?, ?, ?, ?, ?, ?)');
        for (const res of r.results) put.run(r.host_id, r.profile, res.check_id, r.id, r.time, res.status, json(res));
      }
      return { duplicate: false };
    });
  }

  async listComplianceReports(q: ComplianceQuery): Promise<Page<ComplianceReportSummary>> {
    const w = new Where().add('profile = ?', q.profile).add('host_id = ?', q.host_id);
    return this.page('compliance_reports', w, orderBy('compliance_reports', q, 'id'), q, (r) => ({
      id: r.id, host_id: r.host_id, profile: r.profile, time: r.time, pass: r.pass, fail: r.fail, warn: r.warn, manual: r.manual,
    }));
  }

  async listComplianceResults(q: ComplianceQuery): Promise<Page<ComplianceResultRecord>> {
    const w = new Where().add('profile = ?', q.profile).add('host_id = ?', q.host_id).add('status = ?', q.status);
    return this.page('compliance_results', w, orderBy('compliance_results', q, 'host_id'), q, (r) => ({
      ...parse<ComplianceResultRecord>(r.body), host_id: r.host_id, profile: r.profile, report_id: r.report_id, time: r.time,
    }));
  }

  // --- users, sessions, tokens, audit ----------------------------------------------------------

  async createUser(u: User): Promise<User> {
    try {
      this.db.prepare('INSERT INTO users (id, username, role, password_hash, failed_logins, locked_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(u.id, u.username, u.role, u.password_hash, u.failed_logins, u.locked_until, u.created_at);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new UserError(`user ${u.username} exists`, 'CONFLICT');
      throw err;
    }
    return u;
  }

  async getUser(id: string): Promise<User | undefined> {
    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as User | undefined;
  }

  async getUserByName(username: string): Promise<User | undefined> {
    return this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as User | undefined;
  }

  async listUsers(): Promise<User[]> {
    return this.db.prepare('SELECT * FROM users ORDER BY username').all() as User[];
  }

  async updateUser(id: string, patch: UserPatch): Promise<User | undefined> {
    const old = await this.getUser(id);
    if (!old) return undefined;
    const u = { ...old, ...patch };
    this.db.prepare('UPDATE users SET role = ?, password_hash = ?, failed_logins = ?, locked_until = ? WHERE id = ?').run(u.role, u.password_hash, u.failed_logins, u.locked_until, id);
    return u;
  }

  async deleteUser(id: string): Promise<boolean> {
    return this.write(() => {
      this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
      this.db.prepare('DELETE FROM api_tokens WHERE user_id = ?').run(id);
      return this.db.prepare('DELETE FROM users WHERE id = ?').run(id).changes > 0;
    });
  }

  async countUsers(): Promise<number> {
    return this.db.prepare('SELECT count(*) FROM users').pluck().get() as number;
  }

  async createSession(s: Session): Promise<void> {
    this.db.prepare('INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(s.id_hash, s.user_id, s.created_at, s.expires_at);
  }

  async getSession(idHash: string): Promise<Session | undefined> {
    return this.db.prepare('SELECT * FROM sessions WHERE id_hash = ?').get(idHash) as Session | undefined;
  }

  async deleteSession(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
  }

  async createApiToken(t: ApiToken): Promise<ApiToken> {
    this.db
      .prepare('INSERT INTO api_tokens (id, user_id, name, token_hash, role, created_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(t.id, t.user_id, t.name, t.token_hash, t.role, t.created_at, t.expires_at, t.last_used_at);
    return t;
  }

  async getApiTokenByHash(hash: string): Promise<ApiToken | undefined> {
    return this.db.prepare('SELECT * FROM api_tokens WHERE token_hash = ?').get(hash) as ApiToken | undefined;
  }

  async listApiTokens(userId?: string): Promise<ApiToken[]> {
    const w = new Where().add('user_id = ?', userId);
    return this.db.prepare(`SELECT * FROM api_tokens ${w.sql} ORDER BY created_at, id`).all(...w.params) as ApiToken[];
  }

  async touchApiToken(id: string, time: string): Promise<void> {
    this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(time, id);
  }

  async deleteApiToken(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM api_tokens WHERE id = ?').run(id).changes > 0;
  }

  async appendAudit(r: AuditRecord): Promise<void> {
    this.db.prepare('INSERT INTO audit (time, actor, action, target, outcome, details, ip) VALUES (?, ?, ?, ?, ?, ?, ?)').run(r.time, r.actor, r.action, r.target, r.outcome, json(r.details), r.ip);
  }

  async listAudit(q: AuditQuery): Promise<Page<AuditRecord>> {
    const w = new Where().add('actor = ?', q.actor).add('action = ?', q.action).add('time >= ?', q.since);
    return this.page('audit', w, orderBy('audit', q, 'id'), q, (r) => ({ ...r, details: parse<Record<string, unknown>>(r.details) }) as AuditRecord);
  }

  // --- actions, inspections, outputs, settings -------------------------------------------------

  async createAction(a: ResponseAction): Promise<ResponseAction> {
    this.db
      .prepare('INSERT INTO actions (id, agent_id, alert_id, type, params, status, requested_by, requested_at, delivered_at, result, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(a.id, a.agent_id, a.alert_id, a.type, json(a.params), a.status, a.requested_by, a.requested_at, a.delivered_at, a.result && json(a.result), a.completed_at);
    return a;
  }

  async getAction(id: string): Promise<ResponseAction | undefined> {
    return this.one('SELECT * FROM actions WHERE id = ?', toAction, id);
  }

  async listActions(q: { alert_id?: string; agent_id?: string }): Promise<ResponseAction[]> {
    const w = new Where().add('alert_id = ?', q.alert_id).add('agent_id = ?', q.agent_id);
    return (this.db.prepare(`SELECT * FROM actions ${w.sql} ORDER BY requested_at, id`).all(...w.params) as Row[]).map(toAction);
  }

  async takeQueuedActions(agentId: string, time: string): Promise<ResponseAction[]> {
    return this.write(() => {
      const rows = this.db.prepare("SELECT * FROM actions WHERE agent_id = ? AND status = 'queued' ORDER BY requested_at, id").all(agentId) as Row[];
      const mark = this.db.prepare("UPDATE actions SET status = 'delivered', delivered_at = ? WHERE id = ?");
      for (const r of rows) mark.run(time, r.id);
      return rows.map((r) => ({ ...toAction(r), status: 'delivered' as const, delivered_at: time }));
    });
  }

  async completeAction(id: string, result: NonNullable<ResponseAction['result']>, time: string): Promise<ResponseAction | undefined> {
    this.db.prepare('UPDATE actions SET status = ?, result = ?, completed_at = ? WHERE id = ?').run(result.ok ? 'succeeded' : 'failed', json(result), time, id);
    return this.getAction(id);
  }

  async saveInspection(r: InspectionReport): Promise<void> {
    this.db.prepare('INSERT OR REPLACE INTO inspections (id, group_id, time, report) VALUES (?, ?, ?, ?)').run(r.id, r.group_id, r.time, json(r.report));
  }

  async listInspections(q: PageQuery & { group_id?: string }): Promise<Page<InspectionReport>> {
    const w = new Where().add('group_id = ?', q.group_id);
    return this.page('inspections', w, orderBy('inspections', q, 'id'), q, (r) => ({ id: r.id, group_id: r.group_id, time: r.time, report: parse(r.report) }));
  }

  async putOutput(o: OutputConfig): Promise<OutputConfig> {
    this.db
      .prepare(
        `INSERT INTO outputs (id, type, name, enabled, config, min_severity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET type = excluded.type, name = excluded.name, enabled = excluded.enabled, config = excluded.config,
         min_severity = excluded.min_severity, updated_at = excluded.updated_at`,
      )
      .run(o.id, o.type, o.name, o.enabled ? 1 : 0, json(o.config), o.min_severity, o.created_at, o.updated_at);
    return (await this.listOutputs()).find((x) => x.id === o.id)!;
  }

  async listOutputs(): Promise<OutputConfig[]> {
    return (this.db.prepare('SELECT * FROM outputs ORDER BY name, id').all() as Row[]).map((r) => ({ ...r, enabled: r.enabled === 1, config: parse(r.config) }) as OutputConfig);
  }

  async deleteOutput(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM outputs WHERE id = ?').run(id).changes > 0;
  }

  async getSettings(): Promise<Record<string, unknown>> {
    return Object.fromEntries((this.db.prepare('SELECT key, value FROM settings').all() as Row[]).map((r) => [r.key, parse(r.value)]));
  }

  async putSettings(values: Record<string, unknown>): Promise<void> {
    const put = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.write(() => {
      for (const [k, v] of Object.entries(values)) put.run(k, json(v));
    });
  }
}

// --- detection's statements: run on a store's connection or sent to the writer thread ---------

/** The same statement on both stores (PostgreSQL's `?` placeholders are numbered when it runs). */
export function insertAlert(a: AlertRecord): Statement {
  return [
    `INSERT INTO alerts (id, dedup_key, rule_id, rule_name, rule_source, severity, sev_rank, techniques, tactics, output, host_id,
     container_id, first_seen, last_seen, count, event_ids, status, assignee, incident_id, comments, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      a.id, a.dedup_key, a.rule_id, a.rule_name, a.rule_source, a.severity, alertSeverityRank(a.severity), json(a.techniques), json(a.tactics),
      a.output, a.host_id, a.container_id, a.first_seen, a.last_seen, a.count, json(a.event_ids), a.status, a.assignee, a.incident_id,
      json(a.comments), a.created_at, a.updated_at,
    ],
  ];
}

function repeatAlert(id: string, r: AlertRepeat): Statement {
  return [
    `UPDATE alerts SET count = count + 1, last_seen = max(last_seen, ?),
       event_ids = CASE WHEN json_array_length(event_ids) < ? AND NOT EXISTS (SELECT 1 FROM json_each(alerts.event_ids) WHERE value = ?)
         THEN json_insert(event_ids, '$[#]', ?) ELSE event_ids END,
       updated_at = ? WHERE id = ?`,
    [r.time, r.max_event_ids, r.event_id, r.event_id, new Date().toISOString(), id],
  ];
}

function insertIncident(i: IncidentRecord): Statement {
  return [
    'INSERT INTO incidents (id, host_id, title, severity, sev_rank, status, first_seen, last_seen, alert_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [i.id, i.host_id, i.title, i.severity, alertSeverityRank(i.severity), i.status, i.first_seen, i.last_seen, i.alert_count, i.created_at, i.updated_at],
  ];
}

function updateIncident(id: string, p: IncidentPatch): Statement {
  return [
    `UPDATE incidents SET title = coalesce(?, title), severity = coalesce(?, severity), sev_rank = coalesce(?, sev_rank), status = coalesce(?, status),
       last_seen = coalesce(?, last_seen), alert_count = coalesce(?, alert_count), updated_at = ? WHERE id = ?`,
    [p.title ?? null, p.severity ?? null, p.severity === undefined ? null : alertSeverityRank(p.severity), p.status ?? null, p.last_seen ?? null, p.alert_count ?? null, p.updated_at, id],
  ];
}

function markAnalyzed(batchId: string): Statement {
  return ['UPDATE event_batches SET analyzed = 1 WHERE id = ?', [batchId]];
}

const HOST_IDS = "(SELECT coalesce(json_group_array(host_id), '[]') FROM (SELECT host_id FROM host_images h WHERE h.digest = images.digest ORDER BY host_id)) AS host_ids";

export function like(s: string | undefined): string | undefined {
  return s === undefined ? undefined : `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function toHost(r: Row): Host {
  return { ...(r as Host), addresses: parse<string[]>(r.addresses) };
}

function toAgent(r: Row): Agent {
  return { id: r.id, host_id: r.host_id, name: r.name, version: r.version, group_id: r.group_id, enrolled_at: r.enrolled_at, last_seen: r.last_seen, health: parse(r.health) };
}

function toGroup(r: Row): AgentGroup {
  return { ...(r as AgentGroup), config: parse(r.config) };
}

function toEvent(r: Row): StoredEvent {
  return { id: `${r.batch_id}:${r.idx}`, batch_id: r.batch_id, host_id: r.host_id, time: r.time, kind: r.kind, event: JSON.parse(r.body) as VigilEvent };
}

function toAlert(r: Row): AlertRecord {
  const { sev_rank: _rank, ...rest } = r;
  return { ...(rest as AlertRecord), techniques: parse(r.techniques), tactics: parse(r.tactics), event_ids: parse(r.event_ids), comments: parse(r.comments) };
}

function toIncident(r: Row): IncidentRecord {
  const { sev_rank: _rank, ...rest } = r;
  return rest as IncidentRecord;
}

function toFinding(r: Row): FindingRecord {
  const { sev_rank: _rank, ...rest } = r;
  return { ...(rest as FindingRecord), aliases: parse(r.aliases), known_exploited: r.known_exploited === 1 };
}

function toImage(r: Row): ImageRecord {
  return { ...(r as ImageRecord), tags: parse(r.tags), host_ids: parse(r.host_ids) };
}

function toAction(r: Row): ResponseAction {
  return { ...(r as ResponseAction), params: parse(r.params), result: parse(r.result) };
}
