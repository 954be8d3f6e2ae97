/**
 * The PostgreSQL store (`--store postgres://…`), for the distributed layout where several ingest,
 * analyzer and API processes share one database. Each method is one statement or one
 * transaction; a resolved write is committed. Migrations run under an advisory lock so processes
 * starting together apply each version once. Events live in day partitions (`partitions.ts`).
 */
import type pg from 'pg';
import { UserError, type VigilEvent } from '@vigil/schema';
import { alertSeverityRank, findingSeverityRank } from '../ranks.ts';
import { insertAlert, like, orderBy } from '../sqlite/sqlite-store.ts';
import { Where } from '../sqlite/where.ts';
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
  type StoredEvent,
  type Store,
  type Suppression,
  type TargetFindingCount,
  type TargetKind,
  type User,
  type UserPatch,
} from '../store.ts';
import { POSTGRES_MIGRATIONS } from './migrations.ts';
import { dayStart, EventPartitions, NO_PARTITION } from './partitions.ts';
import { isPgError, openPool, run, transaction, UNIQUE_VIOLATION, type Queryable, type Row } from './sql.ts';

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/** Serialises migration runs of every process on the same database. */
const MIGRATION_LOCK = 0x76696769; // "vigi"

export class PostgresStore implements Store {
  private readonly partitions: EventPartitions;

  private constructor(private readonly pool: pg.Pool) {
    this.partitions = new EventPartitions(pool as unknown as Queryable);
  }

  /** Connects and migrates; a database that cannot be reached is a UserError. */
  static async open(url: string, opts: { poolSize?: number } = {}): Promise<PostgresStore> {
    const store = new PostgresStore(await openPool(url, opts.poolSize));
    try {
      await store.migrate();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  private q(sql: string, params?: readonly unknown[]) {
    return run(this.pool as unknown as Queryable, sql, params);
  }

  private async one(sql: string, params?: unknown[]): Promise<Row | undefined> {
    return (await this.q(sql, params)).rows[0];
  }

  private tx<T>(fn: (c: Queryable) => Promise<T>): Promise<T> {
    return transaction(this.pool, fn);
  }

  async migrate(): Promise<void> {
    await this.tx(async (c) => {
      await run(c, `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      await run(c, 'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)');
      const applied = new Set((await run(c, 'SELECT version FROM schema_migrations')).rows.map((r) => r.version as number));
      const newest = Math.max(0, ...POSTGRES_MIGRATIONS.map((m) => m.version));
      if ([...applied].some((v) => v > newest)) throw new UserError('the store was written by a newer Vigil server; upgrade this one', 'STORE_NEWER');
      for (const m of POSTGRES_MIGRATIONS) {
        if (applied.has(m.version)) continue;
        await c.query(m.sql);
        await run(c, 'INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [m.version, new Date().toISOString()]);
      }
    });
  }

  async migrations(): Promise<number[]> {
    return (await this.q('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version as number);
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  private async page<T>(from: string, where: Where, order: string, q: PageQuery, map: (r: Row) => T, select = '*'): Promise<Page<T>> {
    const [count, rows] = await Promise.all([
      this.one(`SELECT count(*) AS n FROM ${from} ${where.sql}`, where.params),
      this.q(`SELECT ${select} FROM ${from} ${where.sql} ${order} LIMIT ? OFFSET ?`, [...where.params, q.limit ?? 100, q.offset ?? 0]),
    ]);
    return { items: rows.rows.map(map), total: count?.n ?? 0 };
  }

  // --- hosts -----------------------------------------------------------------------------------

  async upsertHost(h: HostUpsert): Promise<Host> {
    // Only the fields given change; `first_seen` is set once, `last_seen` never goes back.
    const r = await this.one(
      `INSERT INTO hosts (id, name, os, os_ecosystem, addresses, group_id, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET
         name = CASE WHEN ? THEN excluded.name ELSE hosts.name END,
         os = CASE WHEN ? THEN excluded.os ELSE hosts.os END,
         os_ecosystem = CASE WHEN ? THEN excluded.os_ecosystem ELSE hosts.os_ecosystem END,
         addresses = CASE WHEN ? THEN excluded.addresses ELSE hosts.addresses END,
         group_id = CASE WHEN ? THEN excluded.group_id ELSE hosts.group_id END,
         last_seen = GREATEST(hosts.last_seen, excluded.last_seen)
       RETURNING *`,
      [
        h.id, h.name ?? h.id, h.os ?? null, h.os_ecosystem ?? null, json(h.addresses ?? []), h.group_id ?? null, h.seen, h.seen,
        h.name !== undefined, h.os !== undefined, h.os_ecosystem !== undefined, h.addresses !== undefined, h.group_id !== undefined,
      ],
    );
    return r as Host;
  }

  async getHost(id: string): Promise<Host | undefined> {
    return (await this.one('SELECT * FROM hosts WHERE id = ?', [id])) as Host | undefined;
  }

  async listHosts(q: PageQuery & { group_id?: string; q?: string }): Promise<Page<Host>> {
    const w = new Where().add('group_id = ?', q.group_id).add("(name LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\')", like(q.q), like(q.q));
    return this.page('hosts', w, orderBy('hosts', q, 'id'), q, (r) => r as Host);
  }

  // --- agents ----------------------------------------------------------------------------------

  async enrollAgent(e: AgentEnrollment): Promise<Agent> {
    const r = await this.one(
      `INSERT INTO agents (id, host_id, name, version, group_id, credential_hash, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (host_id) DO UPDATE SET name = excluded.name, version = excluded.version, credential_hash = excluded.credential_hash,
         group_id = CASE WHEN ? THEN excluded.group_id ELSE agents.group_id END, enrolled_at = excluded.enrolled_at
       RETURNING *`,
      [e.new_agent_id, e.host_id, e.name, e.version, e.group_id ?? DEFAULT_GROUP_ID, e.credential_hash, e.time, e.group_id !== null],
    );
    return toAgent(r!);
  }

  async getAgent(id: string): Promise<Agent | undefined> {
    const r = await this.one('SELECT * FROM agents WHERE id = ?', [id]);
    return r && toAgent(r);
  }

  async getAgentByCredentialHash(hash: string): Promise<Agent | undefined> {
    const r = await this.one('SELECT * FROM agents WHERE credential_hash = ?', [hash]);
    return r && toAgent(r);
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
    const r = await this.one('UPDATE agents SET group_id = ? WHERE id = ? RETURNING *', [groupId, id]);
    return r && toAgent(r);
  }

  async touchAgent(id: string, seen: string, heartbeat?: { version: string; health: Record<string, unknown> }): Promise<void> {
    if (heartbeat) await this.q('UPDATE agents SET last_seen = GREATEST(last_seen, ?), version = ?, health = ? WHERE id = ?', [seen, heartbeat.version, json(heartbeat.health), id]);
    else await this.q('UPDATE agents SET last_seen = GREATEST(last_seen, ?) WHERE id = ?', [seen, id]);
  }

  // --- enrollment tokens -----------------------------------------------------------------------

  async createEnrollmentToken(t: Omit<EnrollmentToken, 'uses'>): Promise<EnrollmentToken> {
    await this.q('INSERT INTO enrollment_tokens (id, token_hash, description, group_id, expires_at, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      t.id, t.token_hash, t.description, t.group_id, t.expires_at, t.created_at, t.created_by,
    ]);
    return { ...t, uses: 0 };
  }

  async getEnrollmentTokenByHash(hash: string): Promise<EnrollmentToken | undefined> {
    return (await this.one('SELECT * FROM enrollment_tokens WHERE token_hash = ?', [hash])) as EnrollmentToken | undefined;
  }

  async listEnrollmentTokens(): Promise<EnrollmentToken[]> {
    return (await this.q('SELECT * FROM enrollment_tokens ORDER BY created_at DESC, id')).rows as EnrollmentToken[];
  }

  async countEnrollmentTokenUse(id: string): Promise<void> {
    await this.q('UPDATE enrollment_tokens SET uses = uses + 1 WHERE id = ?', [id]);
  }

  async deleteEnrollmentToken(id: string): Promise<boolean> {
    return (await this.q('DELETE FROM enrollment_tokens WHERE id = ?', [id])).rowCount > 0;
  }

  // --- agent groups ----------------------------------------------------------------------------

  async createAgentGroup(g: Omit<AgentGroup, 'config_version' | 'created_at' | 'updated_at'> & { time: string }): Promise<AgentGroup> {
    try {
      const r = await this.one(
        'INSERT INTO agent_groups (id, name, description, config, config_version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?) RETURNING *',
        [g.id, g.name, g.description, json(g.config), g.time, g.time],
      );
      return r as AgentGroup;
    } catch (err) {
      if (isPgError(err, UNIQUE_VIOLATION)) throw new UserError(`an agent group named ${g.name} exists`, 'CONFLICT');
      throw err;
    }
  }

  async getAgentGroup(id: string): Promise<AgentGroup | undefined> {
    return (await this.one('SELECT * FROM agent_groups WHERE id = ?', [id])) as AgentGroup | undefined;
  }

  async listAgentGroups(): Promise<AgentGroup[]> {
    return (await this.q('SELECT * FROM agent_groups ORDER BY name')).rows as AgentGroup[];
  }

  async updateAgentGroup(id: string, patch: { name?: string; description?: string; config?: Record<string, unknown>; time: string }): Promise<AgentGroup | undefined> {
    // jsonb equality decides whether the config changed, so key order does not bump the version.
    const r = await this.one(
      `UPDATE agent_groups SET name = coalesce(?, name), description = coalesce(?, description),
         config_version = config_version + CASE WHEN ?::jsonb IS NOT NULL AND ?::jsonb <> config THEN 1 ELSE 0 END,
         config = coalesce(?::jsonb, config), updated_at = ? WHERE id = ? RETURNING *`,
      [patch.name ?? null, patch.description ?? null, json(patch.config), json(patch.config), json(patch.config), patch.time, id],
    );
    return r as AgentGroup | undefined;
  }

  async deleteAgentGroup(id: string): Promise<boolean> {
    if (id === DEFAULT_GROUP_ID) throw new UserError('the default agent group cannot be deleted', 'FORBIDDEN_DELETE');
    return this.tx(async (c) => {
      await run(c, 'UPDATE agents SET group_id = NULL WHERE group_id = ?', [id]);
      await run(c, 'UPDATE hosts SET group_id = NULL WHERE group_id = ?', [id]);
      return (await run(c, 'DELETE FROM agent_groups WHERE id = ?', [id])).rowCount > 0;
    });
  }

  // --- inventory -------------------------------------------------------------------------------

  async saveInventory(w: InventoryWrite): Promise<{ duplicate: boolean }> {
    return this.tx(async (c) => {
      const ins = await run(c, 'INSERT INTO inventory_snapshots (id, host_id, agent_id, time, "full", tables) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', [
        w.id, w.host_id, w.agent_id, w.time, w.full, json(w.tables.map((t) => t.table)),
      ]);
      if (ins.rowCount === 0) return { duplicate: true };
      for (const t of w.tables) {
        await run(
          c,
          `INSERT INTO inventory_tables (host_id, tbl, rows, error, warnings, snapshot_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (host_id, tbl) DO UPDATE SET rows = excluded.rows, error = excluded.error, warnings = excluded.warnings,
             snapshot_id = excluded.snapshot_id, updated_at = excluded.updated_at`,
          [w.host_id, t.table, json(t.rows), t.error, json(t.warnings), w.id, w.time],
        );
      }
      for (const ch of w.changes) {
        await run(c, 'INSERT INTO inventory_changes (host_id, snapshot_id, time, tbl, added, removed, changed) VALUES (?, ?, ?, ?, ?, ?, ?)', [
          ch.host_id, ch.snapshot_id, ch.time, ch.table, json(ch.added), json(ch.removed), json(ch.changed),
        ]);
      }
      return { duplicate: false };
    });
  }

  async getInventory(hostId: string, table?: string): Promise<InventoryTable[]> {
    const w = new Where().add('host_id = ?', hostId).add('tbl = ?', table);
    return (await this.q(`SELECT * FROM inventory_tables ${w.sql} ORDER BY tbl`, w.params)).rows.map((r) => ({
      table: r.tbl,
      rows: r.rows,
      error: r.error,
      warnings: r.warnings,
      snapshot_id: r.snapshot_id,
      updated_at: r.updated_at,
    }));
  }

  async listInventoryRows(table: string): Promise<{ host_id: string; rows: InventoryRow[] }[]> {
    return (await this.q('SELECT host_id, rows FROM inventory_tables WHERE tbl = ? ORDER BY host_id', [table])).rows as { host_id: string; rows: InventoryRow[] }[];
  }

  async listInventoryChanges(q: InventoryChangeQuery): Promise<Page<InventoryChange>> {
    const w = new Where().add('host_id = ?', q.host_id).add('tbl = ?', q.table).add('time >= ?', q.since).add('time < ?', q.until);
    return this.page('inventory_changes', w, orderBy('inventory_changes', q, 'seq'), q, (r) => ({
      host_id: r.host_id,
      snapshot_id: r.snapshot_id,
      time: r.time,
      table: r.tbl,
      added: r.added,
      removed: r.removed,
      changed: r.changed,
    }));
  }

  // --- events ----------------------------------------------------------------------------------

  async appendEvents(b: EventBatch): Promise<{ duplicate: boolean }> {
    const times = b.events.map((ev) => Date.parse(ev.time));
    const bodies = b.events.map((ev) => JSON.stringify(ev));
    const write = async () => {
      await this.partitions.ensure(new Set(times.map(dayStart)));
      return this.tx(async (c) => {
        const ins = await run(c, 'INSERT INTO event_batches (id, agent_id, host_id, received_at, count) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', [
          b.id, b.agent_id, b.host_id, b.received_at, b.events.length,
        ]);
        if (ins.rowCount === 0) return { duplicate: true };
        // One statement for the whole batch: the columns go as arrays and come back as rows.
        await run(
          c,
          `INSERT INTO events (batch_id, idx, host_id, time, time_ms, kind, size, body)
           SELECT ?, u.idx, u.host_id, u.time, u.time_ms, u.kind, u.size, u.body::jsonb
           FROM unnest(?::int[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::int[], ?::text[]) AS u(idx, host_id, time, time_ms, kind, size, body)`,
          [
            b.id,
            b.events.map((_, i) => i),
            b.events.map((ev) => ev.host.id),
            b.events.map((ev) => ev.time),
            times,
            b.events.map((ev) => ev.event.kind),
            bodies.map((s) => s.length),
            bodies,
          ],
        );
        return { duplicate: false };
      });
    };
    try {
      return await write();
    } catch (err) {
      // Retention in another process dropped a day this process thought it had.
      if (!isPgError(err, NO_PARTITION)) throw err;
      this.partitions.forget();
      return write();
    }
  }

  async getEvents(ids: readonly string[]): Promise<StoredEvent[]> {
    const keys = ids.flatMap((id) => {
      const cut = id.lastIndexOf(':');
      return cut < 0 ? [] : [{ batch: id.slice(0, cut), idx: Number(id.slice(cut + 1)) }];
    });
    if (keys.length === 0) return [];
    const { rows } = await this.q('SELECT e.* FROM events e JOIN unnest(?::text[], ?::int[]) AS k(batch_id, idx) USING (batch_id, idx)', [
      keys.map((k) => k.batch),
      keys.map((k) => k.idx),
    ]);
    const byId = new Map(rows.map((r) => [`${r.batch_id}:${r.idx}`, toEvent(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
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

  async commitDetections(w: DetectionWrites): Promise<void> {
    const statements = [
      ...w.incidents.map(insertIncident),
      ...w.incident_updates.map((u) => updateIncident(u.id, u.patch)),
      ...w.alerts.map(insertAlert),
      ...w.repeats.map((r) => repeatAlert(r.id, r.repeat)),
      ...(w.analyzed_batch === undefined ? [] : [['UPDATE event_batches SET analyzed = true WHERE id = ?', [w.analyzed_batch]] as Statement]),
    ];
    if (statements.length === 0) return;
    await this.tx(async (c) => {
      for (const [sql, params] of statements) await run(c, sql, params);
    });
  }

  async isBatchAnalyzed(batchId: string): Promise<boolean> {
    return (await this.one('SELECT analyzed FROM event_batches WHERE id = ?', [batchId]))?.analyzed === true;
  }

  async unanalyzedBatches(limit: number): Promise<EventBatch[]> {
    const batches = (await this.q('SELECT * FROM event_batches WHERE NOT analyzed ORDER BY received_at, seq LIMIT ?', [limit])).rows;
    if (batches.length === 0) return [];
    const { rows } = await this.q('SELECT batch_id, body FROM events WHERE batch_id = ANY(?::text[]) ORDER BY batch_id, idx', [batches.map((b) => b.id)]);
    const events = new Map<string, VigilEvent[]>();
    for (const r of rows) {
      const list = events.get(r.batch_id) ?? [];
      list.push(r.body as VigilEvent);
      events.set(r.batch_id, list);
    }
    return batches.map((b) => ({ id: b.id, agent_id: b.agent_id, host_id: b.host_id, received_at: b.received_at, events: events.get(b.id) ?? [] }));
  }

  async pruneEvents(r: EventRetention): Promise<{ deleted: number }> {
    let deleted = 0;
    if (r.before) {
      const cut = dayStart(Date.parse(r.before));
      for (const p of await this.partitions.list()) if (p.start < cut) deleted += await this.partitions.drop(p);
    }
    if (r.max_bytes !== undefined) {
      let bytes = (await this.eventStats()).bytes;
      for (const p of await this.partitions.list()) {
        if (bytes <= r.max_bytes) break;
        const size = ((await this.one(`SELECT coalesce(sum(size), 0) AS bytes FROM ${p.name}`))?.bytes ?? 0) as number;
        if (bytes - size >= r.max_bytes) {
          deleted += await this.partitions.drop(p);
          bytes -= size;
          continue;
        }
        // The cap falls inside this day: delete its oldest events until the rest fits.
        const excess = bytes - r.max_bytes;
        const del = await this.q(
          `DELETE FROM ${p.name} WHERE seq IN (
             SELECT seq FROM (SELECT seq, size, sum(size) OVER (ORDER BY time_ms, seq) AS upto FROM ${p.name}) o WHERE upto - size < ?)`,
          [excess],
        );
        deleted += del.rowCount;
        break;
      }
    }
    return { deleted };
  }

  async eventStats(): Promise<{ count: number; bytes: number; oldest: string | null }> {
    const [totals, oldest] = await Promise.all([
      this.one('SELECT count(*) AS count, coalesce(sum(size), 0) AS bytes FROM events'),
      this.one('SELECT time FROM events ORDER BY time_ms, seq LIMIT 1'),
    ]);
    return { count: totals!.count, bytes: totals!.bytes, oldest: oldest?.time ?? null };
  }

  // --- alerts ----------------------------------------------------------------------------------

  async createAlert(a: AlertRecord): Promise<AlertRecord> {
    await this.q(...insertAlert(a));
    return a;
  }

  async getAlert(id: string): Promise<AlertRecord | undefined> {
    const r = await this.one('SELECT * FROM alerts WHERE id = ?', [id]);
    return r && toAlert(r);
  }

  async listAlerts(q: AlertQuery): Promise<Page<AlertRecord>> {
    const w = new Where()
      .in('status', q.status)
      .in('severity', q.severity)
      .add('host_id = ?', q.host_id)
      .add('rule_id = ?', q.rule_id)
      .add('incident_id = ?', q.incident_id)
      .add('EXISTS (SELECT 1 FROM jsonb_array_elements_text(alerts.techniques) t(v) WHERE v = ? OR v LIKE ?)', q.technique, q.technique && `${q.technique}.%`)
      .add('alerts.tactics @> jsonb_build_array(?::text)', q.tactic)
      .add("(rule_name LIKE ? ESCAPE '\\' OR output LIKE ? ESCAPE '\\')", like(q.q), like(q.q))
      .add('last_seen >= ?', q.since)
      .add('first_seen < ?', q.until);
    return this.page('alerts', w, orderBy('alerts', q, 'id'), q, toAlert);
  }

  async findAlertByDedupKey(key: string, since: string): Promise<AlertRecord | undefined> {
    const r = await this.one("SELECT * FROM alerts WHERE dedup_key = ? AND last_seen >= ? AND status IN ('new', 'acknowledged') ORDER BY last_seen DESC LIMIT 1", [key, since]);
    return r && toAlert(r);
  }

  async recordAlertRepeat(id: string, r: AlertRepeat): Promise<AlertRecord | undefined> {
    const row = await this.one(...repeatAlert(id, r));
    return row && toAlert(row);
  }

  async updateAlert(id: string, patch: AlertPatch): Promise<AlertRecord | undefined> {
    const r = await this.one(
      `UPDATE alerts SET status = coalesce(?, status), assignee = CASE WHEN ? THEN ? ELSE assignee END,
         incident_id = CASE WHEN ? THEN ? ELSE incident_id END, updated_at = ? WHERE id = ? RETURNING *`,
      [patch.status ?? null, patch.assignee !== undefined, patch.assignee ?? null, patch.incident_id !== undefined, patch.incident_id ?? null, patch.updated_at, id],
    );
    return r && toAlert(r);
  }

  async addAlertComment(id: string, c: AlertComment): Promise<AlertRecord | undefined> {
    const r = await this.one('UPDATE alerts SET comments = comments || jsonb_build_array(?::jsonb), updated_at = ? WHERE id = ? RETURNING *', [json(c), c.time, id]);
    return r && toAlert(r);
  }

  async alertHistogram(since: string, bucket: 'hour' | 'day'): Promise<AlertHistogramRow[]> {
    const len = bucket === 'day' ? 10 : 13;
    return (
      await this.q(
        `SELECT substr(first_seen, 1, ${len}) AS bucket, severity, count(*) AS count FROM alerts WHERE first_seen >= ?
         GROUP BY bucket, severity ORDER BY bucket, severity`,
        [since],
      )
    ).rows as AlertHistogramRow[];
  }

  async attackCounts(since?: string): Promise<AttackCount[]> {
    const w = new Where().add('a.first_seen >= ?', since);
    return (
      await this.q(
        `SELECT t.technique, c.tactic, count(*) AS count
         FROM alerts a CROSS JOIN LATERAL jsonb_array_elements_text(a.techniques) t(technique)
         LEFT JOIN LATERAL jsonb_array_elements_text(a.tactics) c(tactic) ON true ${w.sql}
         GROUP BY t.technique, c.tactic ORDER BY count DESC, t.technique`,
        w.params,
      )
    ).rows as AttackCount[];
  }

  // --- incidents -------------------------------------------------------------------------------

  async createIncident(i: IncidentRecord): Promise<IncidentRecord> {
    await this.q(...insertIncident(i));
    return i;
  }

  async getIncident(id: string): Promise<IncidentRecord | undefined> {
    const r = await this.one('SELECT * FROM incidents WHERE id = ?', [id]);
    return r && toIncident(r);
  }

  async listIncidents(q: IncidentQuery): Promise<Page<IncidentRecord>> {
    const w = new Where().add('host_id = ?', q.host_id).add('status = ?', q.status);
    return this.page('incidents', w, orderBy('incidents', q, 'id'), q, toIncident);
  }

  async findOpenIncident(hostId: string, since: string): Promise<IncidentRecord | undefined> {
    const r = await this.one("SELECT * FROM incidents WHERE host_id = ? AND status = 'open' AND last_seen >= ? ORDER BY last_seen DESC LIMIT 1", [hostId, since]);
    return r && toIncident(r);
  }

  async updateIncident(id: string, patch: IncidentPatch): Promise<IncidentRecord | undefined> {
    const r = await this.one(...updateIncident(id, patch));
    return r && toIncident(r);
  }

  // --- rules, suppressions ---------------------------------------------------------------------

  async getRuleStates(): Promise<Map<string, boolean>> {
    return new Map((await this.q('SELECT rule_id, enabled FROM rule_states')).rows.map((r) => [r.rule_id as string, r.enabled as boolean]));
  }

  async setRuleState(ruleId: string, enabled: boolean): Promise<void> {
    await this.q('INSERT INTO rule_states (rule_id, enabled) VALUES (?, ?) ON CONFLICT (rule_id) DO UPDATE SET enabled = excluded.enabled', [ruleId, enabled]);
  }

  async createSuppression(s: Suppression): Promise<Suppression> {
    await this.q('INSERT INTO suppressions (id, rule_id, host_id, process_executable, container_image, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      s.id, s.rule_id, s.host_id, s.process_executable, s.container_image, s.reason, s.created_by, s.created_at,
    ]);
    return s;
  }

  async listSuppressions(): Promise<Suppression[]> {
    return (await this.q('SELECT * FROM suppressions ORDER BY created_at, id')).rows as Suppression[];
  }

  async deleteSuppression(id: string): Promise<boolean> {
    return (await this.q('DELETE FROM suppressions WHERE id = ?', [id])).rowCount > 0;
  }

  // --- findings, images ------------------------------------------------------------------------

  async replaceFindings(kind: TargetKind, targetId: string, findings: FindingRecord[]): Promise<void> {
    await this.tx(async (c) => {
      const old = await run(c, 'DELETE FROM findings WHERE target_kind = ? AND target_id = ? RETURNING id, first_seen', [kind, targetId]);
      const firstSeen = new Map(old.rows.map((r) => [r.id as string, r.first_seen as string]));
      for (const f of findings) {
        await run(
          c,
          `INSERT INTO findings (id, target_kind, target_id, vuln_id, aliases, title, package_name, package_version, ecosystem, fixed_version,
           severity, sev_rank, cvss_score, known_exploited, exposure, priority, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET target_kind = excluded.target_kind, target_id = excluded.target_id, vuln_id = excluded.vuln_id,
             aliases = excluded.aliases, title = excluded.title, package_name = excluded.package_name, package_version = excluded.package_version,
             ecosystem = excluded.ecosystem, fixed_version = excluded.fixed_version, severity = excluded.severity, sev_rank = excluded.sev_rank,
             cvss_score = excluded.cvss_score, known_exploited = excluded.known_exploited, exposure = excluded.exposure,
             priority = excluded.priority, first_seen = excluded.first_seen, last_seen = excluded.last_seen`,
          [
            f.id, kind, targetId, f.vuln_id, json(f.aliases), f.title, f.package_name, f.package_version, f.ecosystem, f.fixed_version, f.severity,
            findingSeverityRank(f.severity), f.cvss_score, f.known_exploited, f.exposure, f.priority, firstSeen.get(f.id) ?? f.first_seen, f.last_seen,
          ],
        );
      }
    });
  }

  async getFinding(id: string): Promise<FindingRecord | undefined> {
    const r = await this.one('SELECT * FROM findings WHERE id = ?', [id]);
    return r && toFinding(r);
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
    return (
      await this.q(
        `SELECT target_kind, target_id, count(*) AS total, count(*) FILTER (WHERE sev_rank = 5) AS critical, count(*) FILTER (WHERE sev_rank = 4) AS high
         FROM findings WHERE target_kind = ? GROUP BY target_kind, target_id ORDER BY critical DESC, high DESC, total DESC, target_id LIMIT ?`,
        [kind, limit],
      )
    ).rows as TargetFindingCount[];
  }

  async upsertImage(i: Omit<ImageRecord, 'first_seen' | 'host_ids'> & { seen: string }): Promise<ImageRecord> {
    await this.q(
      `INSERT INTO images (digest, name, tags, os, scanned_at, scan_error, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (digest) DO UPDATE SET name = excluded.name, tags = excluded.tags, os = coalesce(excluded.os, images.os),
         scanned_at = coalesce(excluded.scanned_at, images.scanned_at), scan_error = excluded.scan_error,
         last_seen = GREATEST(images.last_seen, excluded.last_seen)`,
      [i.digest, i.name, json(i.tags), i.os, i.scanned_at, i.scan_error, i.seen, i.seen],
    );
    return (await this.getImage(i.digest))!;
  }

  async getImage(digest: string): Promise<ImageRecord | undefined> {
    return (await this.one(`SELECT *, ${HOST_IDS} FROM images WHERE digest = ?`, [digest])) as ImageRecord | undefined;
  }

  async listImages(q: ImageQuery): Promise<Page<ImageRecord>> {
    const w = new Where()
      .add('digest IN (SELECT digest FROM host_images WHERE host_id = ?)', q.host_id)
      .add("(name LIKE ? ESCAPE '\\' OR digest LIKE ? ESCAPE '\\')", like(q.q), like(q.q));
    return this.page('images', w, orderBy('images', q, 'digest'), q, (r) => r as ImageRecord, `*, ${HOST_IDS}`);
  }

  async setHostImages(hostId: string, digests: readonly string[]): Promise<void> {
    await this.tx(async (c) => {
      await run(c, 'DELETE FROM host_images WHERE host_id = ?', [hostId]);
      await run(c, 'INSERT INTO host_images (host_id, digest) SELECT ?, d FROM unnest(?::text[]) AS d ON CONFLICT DO NOTHING', [hostId, [...digests]]);
    });
  }

  // --- compliance ------------------------------------------------------------------------------

  async saveComplianceReport(r: ComplianceReportWrite): Promise<{ duplicate: boolean }> {
    return this.tx(async (c) => {
      const n = (s: string) => r.results.filter((x) => x.status === s).length;
      const ins = await run(
        c,
        'INSERT INTO compliance_reports (id, host_id, agent_id, profile, time, pass, fail, warn, manual) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
        [r.id, r.host_id, r.agent_id, r.profile, r.time, n('pass'), n('fail'), n('warn'), n('manual')],
      );
      if (ins.rowCount === 0) return { duplicate: true };
      // The latest report of a profile on a host is its current state; an older one arriving late
      // is kept as history only. The lock orders concurrent reports of one host and profile.
      await run(c, 'SELECT pg_advisory_xact_lock(hashtext(?))', [`compliance:${r.host_id}:${r.profile}`]);
      const newest = await run(c, 'SELECT max(time) AS t FROM compliance_reports WHERE host_id = ? AND profile = ?', [r.host_id, r.profile]);
      if (newest.rows[0].t === r.time) {
        await run(c, 'DELETE FROM compliance_results WHERE host_id = ? AND profile = ?', [r.host_id, r.profile]);
        await run(
          c,
          `INSERT INTO compliance_results (host_id, profile, check_id, report_id, time, status, body)
           SELECT ?, ?, u.check_id, ?, ?, u.status, u.body::jsonb FROM unnest(?::text[], ?::text[], ?::text[]) AS u(check_id, status, body)
           ON CONFLICT (host_id, profile, check_id) DO UPDATE SET report_id = excluded.report_id, time = excluded.time,
             status = excluded.status, body = excluded.body`,
          [r.host_id, r.profile, r.id, r.time, r.results.map((x) => x.check_id), r.results.map((x) => x.status), r.results.map((x) => JSON.stringify(x))],
        );
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
      ...(r.body as ComplianceResultRecord), host_id: r.host_id, profile: r.profile, report_id: r.report_id, time: r.time,
    }));
  }

  // --- users, sessions, tokens, audit ----------------------------------------------------------

  async createUser(u: User): Promise<User> {
    try {
      await this.q('INSERT INTO users (id, username, role, password_hash, failed_logins, locked_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        u.id, u.username, u.role, u.password_hash, u.failed_logins, u.locked_until, u.created_at,
      ]);
    } catch (err) {
      if (isPgError(err, UNIQUE_VIOLATION)) throw new UserError(`user ${u.username} exists`, 'CONFLICT');
      throw err;
    }
    return u;
  }

  async getUser(id: string): Promise<User | undefined> {
    return (await this.one('SELECT * FROM users WHERE id = ?', [id])) as User | undefined;
  }

  async getUserByName(username: string): Promise<User | undefined> {
    return (await this.one('SELECT * FROM users WHERE username = ?', [username])) as User | undefined;
  }

  async listUsers(): Promise<User[]> {
    return (await this.q('SELECT * FROM users ORDER BY username')).rows as User[];
  }

  async updateUser(id: string, patch: UserPatch): Promise<User | undefined> {
    return (await this.one(
      `UPDATE users SET role = coalesce(?, role), password_hash = coalesce(?, password_hash), failed_logins = coalesce(?, failed_logins),
         locked_until = CASE WHEN ? THEN ? ELSE locked_until END WHERE id = ? RETURNING *`,
      [patch.role ?? null, patch.password_hash ?? null, patch.failed_logins ?? null, patch.locked_until !== undefined, patch.locked_until ?? null, id],
    )) as User | undefined;
  }

  async deleteUser(id: string): Promise<boolean> {
    return this.tx(async (c) => {
      await run(c, 'DELETE FROM sessions WHERE user_id = ?', [id]);
      await run(c, 'DELETE FROM api_tokens WHERE user_id = ?', [id]);
      return (await run(c, 'DELETE FROM users WHERE id = ?', [id])).rowCount > 0;
    });
  }

  async countUsers(): Promise<number> {
    return (await this.one('SELECT count(*) AS n FROM users'))!.n as number;
  }

  async createSession(s: Session): Promise<void> {
    await this.q('INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [s.id_hash, s.user_id, s.created_at, s.expires_at]);
  }

  async getSession(idHash: string): Promise<Session | undefined> {
    return (await this.one('SELECT * FROM sessions WHERE id_hash = ?', [idHash])) as Session | undefined;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.q('DELETE FROM sessions WHERE id_hash = ?', [idHash]);
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    return (await this.q('DELETE FROM sessions WHERE expires_at <= ?', [now])).rowCount;
  }

  async createApiToken(t: ApiToken): Promise<ApiToken> {
    await this.q('INSERT INTO api_tokens (id, user_id, name, token_hash, role, created_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      t.id, t.user_id, t.name, t.token_hash, t.role, t.created_at, t.expires_at, t.last_used_at,
    ]);
    return t;
  }

  async getApiTokenByHash(hash: string): Promise<ApiToken | undefined> {
    return (await this.one('SELECT * FROM api_tokens WHERE token_hash = ?', [hash])) as ApiToken | undefined;
  }

  async listApiTokens(userId?: string): Promise<ApiToken[]> {
    const w = new Where().add('user_id = ?', userId);
    return (await this.q(`SELECT * FROM api_tokens ${w.sql} ORDER BY created_at, id`, w.params)).rows as ApiToken[];
  }

  async touchApiToken(id: string, time: string): Promise<void> {
    await this.q('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', [time, id]);
  }

  async deleteApiToken(id: string): Promise<boolean> {
    return (await this.q('DELETE FROM api_tokens WHERE id = ?', [id])).rowCount > 0;
  }

  async appendAudit(r: AuditRecord): Promise<void> {
    await this.q('INSERT INTO audit (time, actor, action, target, outcome, details, ip) VALUES (?, ?, ?, ?, ?, ?, ?)', [r.time, r.actor, r.action, r.target, r.outcome, json(r.details), r.ip]);
  }

  async listAudit(q: AuditQuery): Promise<Page<AuditRecord>> {
    const w = new Where().add('actor = ?', q.actor).add('action = ?', q.action).add('time >= ?', q.since);
    return this.page('audit', w, orderBy('audit', q, 'id'), q, (r) => r as AuditRecord);
  }

  // --- actions, inspections, outputs, settings -------------------------------------------------

  async createAction(a: ResponseAction): Promise<ResponseAction> {
    await this.q(
      'INSERT INTO actions (id, agent_id, alert_id, type, params, status, requested_by, requested_at, delivered_at, result, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [a.id, a.agent_id, a.alert_id, a.type, json(a.params), a.status, a.requested_by, a.requested_at, a.delivered_at, json(a.result), a.completed_at],
    );
    return a;
  }

  async getAction(id: string): Promise<ResponseAction | undefined> {
    return (await this.one('SELECT * FROM actions WHERE id = ?', [id])) as ResponseAction | undefined;
  }

  async listActions(q: { alert_id?: string; agent_id?: string }): Promise<ResponseAction[]> {
    const w = new Where().add('alert_id = ?', q.alert_id).add('agent_id = ?', q.agent_id);
    return (await this.q(`SELECT * FROM actions ${w.sql} ORDER BY requested_at, id`, w.params)).rows as ResponseAction[];
  }

  async takeQueuedActions(agentId: string, time: string): Promise<ResponseAction[]> {
    // One UPDATE claims the rows, so two API processes answering heartbeats never deliver one twice.
    const { rows } = await this.q("UPDATE actions SET status = 'delivered', delivered_at = ? WHERE agent_id = ? AND status = 'queued' RETURNING *", [time, agentId]);
    return (rows as ResponseAction[]).sort((a, b) => (a.requested_at === b.requested_at ? (a.id < b.id ? -1 : 1) : a.requested_at < b.requested_at ? -1 : 1));
  }

  async completeAction(id: string, result: NonNullable<ResponseAction['result']>, time: string): Promise<ResponseAction | undefined> {
    return (await this.one('UPDATE actions SET status = ?, result = ?, completed_at = ? WHERE id = ? RETURNING *', [
      result.ok ? 'succeeded' : 'failed', json(result), time, id,
    ])) as ResponseAction | undefined;
  }

  async saveInspection(r: InspectionReport): Promise<void> {
    await this.q('INSERT INTO inspections (id, group_id, time, report) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET group_id = excluded.group_id, time = excluded.time, report = excluded.report', [
      r.id, r.group_id, r.time, json(r.report),
    ]);
  }

  async listInspections(q: PageQuery & { group_id?: string }): Promise<Page<InspectionReport>> {
    const w = new Where().add('group_id = ?', q.group_id);
    return this.page('inspections', w, orderBy('inspections', q, 'id'), q, (r) => r as InspectionReport);
  }

  async putOutput(o: OutputConfig): Promise<OutputConfig> {
    return (await this.one(
      `INSERT INTO outputs (id, type, name, enabled, config, min_severity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET type = excluded.type, name = excluded.name, enabled = excluded.enabled, config = excluded.config,
         min_severity = excluded.min_severity, updated_at = excluded.updated_at RETURNING *`,
      [o.id, o.type, o.name, o.enabled, json(o.config), o.min_severity, o.created_at, o.updated_at],
    )) as OutputConfig;
  }

  async listOutputs(): Promise<OutputConfig[]> {
    return (await this.q('SELECT * FROM outputs ORDER BY name, id')).rows as OutputConfig[];
  }

  async deleteOutput(id: string): Promise<boolean> {
    return (await this.q('DELETE FROM outputs WHERE id = ?', [id])).rowCount > 0;
  }

  async getSettings(): Promise<Record<string, unknown>> {
    return Object.fromEntries((await this.q('SELECT key, value FROM settings')).rows.map((r) => [r.key, r.value]));
  }

  async putSettings(values: Record<string, unknown>): Promise<void> {
    const entries = Object.entries(values);
    await this.q('INSERT INTO settings (key, value) SELECT k, v::jsonb FROM unnest(?::text[], ?::text[]) AS u(k, v) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
      entries.map(([k]) => k),
      entries.map(([, v]) => JSON.stringify(v)),
    ]);
  }
}

// --- detection's statements: run alone or together in `commitDetections` -----------------------

type Statement = [sql: string, params: unknown[]];

function repeatAlert(id: string, r: AlertRepeat): Statement {
  return [
    `UPDATE alerts SET count = count + 1, last_seen = GREATEST(last_seen, ?),
       event_ids = CASE WHEN jsonb_array_length(event_ids) < ? AND NOT event_ids @> jsonb_build_array(?::text)
         THEN event_ids || jsonb_build_array(?::text) ELSE event_ids END,
       updated_at = ? WHERE id = ? RETURNING *`,
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
    `UPDATE incidents SET title = coalesce(?, title), severity = coalesce(?, severity), sev_rank = coalesce(?, sev_rank),
       status = coalesce(?, status), last_seen = coalesce(?, last_seen), alert_count = coalesce(?, alert_count), updated_at = ?
     WHERE id = ? RETURNING *`,
    [p.title ?? null, p.severity ?? null, p.severity === undefined ? null : alertSeverityRank(p.severity), p.status ?? null, p.last_seen ?? null, p.alert_count ?? null, p.updated_at, id],
  ];
}

const HOST_IDS = "(SELECT coalesce(jsonb_agg(h.host_id ORDER BY h.host_id), '[]'::jsonb) FROM host_images h WHERE h.digest = images.digest) AS host_ids";

function toAgent(r: Row): Agent {
  return { id: r.id, host_id: r.host_id, name: r.name, version: r.version, group_id: r.group_id, enrolled_at: r.enrolled_at, last_seen: r.last_seen, health: r.health };
}

function toEvent(r: Row): StoredEvent {
  return { id: `${r.batch_id}:${r.idx}`, batch_id: r.batch_id, host_id: r.host_id, time: r.time, kind: r.kind, event: r.body as VigilEvent };
}

function withoutRank<T>(r: Row): T {
  const { sev_rank: _rank, ...rest } = r;
  return rest as T;
}

const toAlert = (r: Row) => withoutRank<AlertRecord>(r);
const toIncident = (r: Row) => withoutRank<IncidentRecord>(r);
const toFinding = (r: Row) => withoutRank<FindingRecord>(r);
