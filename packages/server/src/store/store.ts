/**
 * The repository layer: everything the server keeps, behind one async interface with two
 * implementations (SQLite in `sqlite/`, PostgreSQL in `postgres/`) that pass the same contract
 * suite (`test-support/store-contract.ts`).
 *
 * Contract:
 * - `migrate()` brings the schema to the latest version; versions are applied in order, each once,
 *   and recorded, so a store opened by an older server is upgraded in place.
 * - Every write method is atomic: when its promise resolves the write is committed (durable);
 *   when it rejects nothing of it is visible.
 * - Writes keyed by an outside id (event batch id, inventory snapshot id, compliance report id)
 *   are idempotent: the same id again stores nothing and reports `duplicate: true`.
 * - Times are RFC 3339 strings; records the server creates use `Date.prototype.toISOString()`
 *   (UTC, ms), which sorts as text. Event times keep the agent's precision.
 * - Lists take a `PageQuery` and return `{ items, total }`, `total` counting all matches of the
 *   filters regardless of limit/offset. `sort` is one of the list's `SORT_KEYS`.
 * - Secrets are never stored: callers pass hashes (`*_hash`) and look records up by hash.
 * - Missing records are `undefined`, never a throw; updates of a missing id return `undefined`.
 */
import type { VigilEvent } from '@vigil/schema';

export interface PageQuery {
  limit?: number;
  offset?: number;
  sort?: string;
  order?: 'asc' | 'desc';
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** Sort keys each list accepts (the API exposes exactly these). First is the default, descending. */
export const SORT_KEYS = {
  hosts: ['last_seen', 'name', 'first_seen'],
  agents: ['last_seen', 'enrolled_at', 'name'],
  events: ['time'],
  alerts: ['last_seen', 'first_seen', 'severity', 'count'],
  incidents: ['last_seen', 'first_seen', 'severity'],
  findings: ['priority', 'severity', 'first_seen', 'vuln_id'],
  images: ['last_seen', 'name'],
  compliance_reports: ['time'],
  compliance_results: ['time', 'check_id'],
  audit: ['time'],
  inspections: ['time'],
  inventory_changes: ['time'],
} as const;

// ---------------------------------------------------------------------------------------------
// Hosts, agents, groups, enrollment

export interface Host {
  id: string;
  name: string;
  /** `Debian GNU/Linux 12 (bookworm)`, from inventory. */
  os: string | null;
  /** OSV ecosystem of the host's OS packages (`Debian:12`), from inventory. */
  os_ecosystem: string | null;
  addresses: string[];
  group_id: string | null;
  first_seen: string;
  last_seen: string;
}

/** Fields given are set; `id` creates the host on first sight (`first_seen` = `seen`). */
export interface HostUpsert {
  id: string;
  name?: string;
  os?: string | null;
  os_ecosystem?: string | null;
  addresses?: string[];
  group_id?: string | null;
  seen: string;
}

export interface Agent {
  id: string;
  host_id: string;
  name: string;
  version: string;
  group_id: string | null;
  enrolled_at: string;
  /** Last authenticated request (heartbeat, batch); online = within 90 s, decided by the caller. */
  last_seen: string | null;
  /** Last heartbeat's health report as sent (sensors, drops, spool, rss_bytes, cpu_percent …). */
  health: Record<string, unknown> | null;
}

export interface AgentEnrollment {
  /** Used only when the host has no agent yet; a re-enrolling host keeps its agent id. */
  new_agent_id: string;
  host_id: string;
  name: string;
  version: string;
  credential_hash: string;
  /** From the enrollment token; `null` keeps an existing agent's group. */
  group_id: string | null;
  time: string;
}

export interface AgentQuery extends PageQuery {
  group_id?: string;
  host_id?: string;
  /** Online: last_seen ≥ this; offline: last_seen < this (or never). */
  seen_since?: string;
  not_seen_since?: string;
}

export interface AgentGroup {
  id: string;
  name: string;
  description: string;
  /** Pushed to agents in the heartbeat answer: rules, fim_paths, caps, sensors … */
  config: Record<string, unknown>;
  /** Bumped by every config change, so agents apply a config once. */
  config_version: number;
  created_at: string;
  updated_at: string;
}

/** The group every agent without another one belongs to; created by the first migration. */
export const DEFAULT_GROUP_ID = 'default';

export interface EnrollmentToken {
  id: string;
  token_hash: string;
  description: string;
  group_id: string | null;
  expires_at: string | null;
  created_at: string;
  created_by: string | null;
  uses: number;
}

// ---------------------------------------------------------------------------------------------
// Inventory

export type InventoryRow = Record<string, unknown>;

/** One table as the host last reported it. */
export interface InventoryTable {
  table: string;
  rows: InventoryRow[];
  error: string | null;
  warnings: string[];
  snapshot_id: string;
  updated_at: string;
}

/** What one snapshot changed in one table. Rows are matched by the caller's row key. */
export interface InventoryChange {
  host_id: string;
  snapshot_id: string;
  time: string;
  table: string;
  added: InventoryRow[];
  removed: InventoryRow[];
  changed: { before: InventoryRow; after: InventoryRow }[];
}

/**
 * A received snapshot: its metadata is kept as history, `tables` replace the host's current
 * tables (a partial snapshot replaces only the tables it carries), `changes` are appended.
 * Full row history is the current tables plus the changes, so no snapshot is kept whole.
 */
export interface InventoryWrite {
  id: string;
  host_id: string;
  agent_id: string;
  time: string;
  full: boolean;
  tables: { table: string; rows: InventoryRow[]; error: string | null; warnings: string[] }[];
  changes: InventoryChange[];
}

export interface InventoryChangeQuery extends PageQuery {
  host_id: string;
  table?: string;
  since?: string;
  until?: string;
}

// ---------------------------------------------------------------------------------------------
// Events

export interface EventBatch {
  /** The agent's batch id: the idempotency key. */
  id: string;
  agent_id: string;
  host_id: string;
  received_at: string;
  events: VigilEvent[];
}

export interface StoredEvent {
  /** `<batch id>:<index in batch>`: stable across resends. */
  id: string;
  batch_id: string;
  host_id: string;
  time: string;
  kind: string;
  event: VigilEvent;
}

export interface EventQuery extends PageQuery {
  host_id?: string;
  kind?: string;
  batch_id?: string;
  since?: string;
  until?: string;
}

/**
 * Retention: events are partitioned by UTC day of their time. Whole days older than `before` go
 * first; then, while the stored events exceed `max_bytes` (of their JSON), the oldest go.
 */
export interface EventRetention {
  before?: string;
  max_bytes?: number;
}

// ---------------------------------------------------------------------------------------------
// Detection: alerts, incidents, rules, suppressions

export const ALERT_STATUSES = ['new', 'acknowledged', 'resolved', 'false_positive'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type AlertSeverityName = (typeof SEVERITIES)[number];

export interface AlertComment {
  time: string;
  author: string;
  text: string;
}

export interface AlertRecord {
  id: string;
  /** Same key within the dedup window = same alert, counted again. */
  dedup_key: string;
  rule_id: string;
  rule_name: string;
  rule_source: string;
  severity: AlertSeverityName;
  techniques: string[];
  tactics: string[];
  output: string;
  host_id: string;
  container_id: string | null;
  first_seen: string;
  last_seen: string;
  count: number;
  /** Ids of triggering events (first ones; capped by the caller). */
  event_ids: string[];
  status: AlertStatus;
  assignee: string | null;
  incident_id: string | null;
  comments: AlertComment[];
  created_at: string;
  updated_at: string;
}

export interface AlertQuery extends PageQuery {
  status?: AlertStatus[];
  severity?: AlertSeverityName[];
  host_id?: string;
  technique?: string;
  tactic?: string;
  rule_id?: string;
  incident_id?: string;
  /** Substring of rule name or output. */
  q?: string;
  since?: string;
  until?: string;
}

export interface AlertPatch {
  status?: AlertStatus;
  assignee?: string | null;
  incident_id?: string | null;
  updated_at: string;
}

export interface AlertRepeat {
  time: string;
  event_id: string;
  /** event_ids stops growing at this many. */
  max_event_ids: number;
}

export interface AlertHistogramRow {
  bucket: string;
  severity: AlertSeverityName;
  count: number;
}

export interface AttackCount {
  technique: string;
  tactic: string | null;
  count: number;
}

export interface IncidentRecord {
  id: string;
  host_id: string;
  title: string;
  severity: AlertSeverityName;
  status: 'open' | 'closed';
  first_seen: string;
  last_seen: string;
  alert_count: number;
  created_at: string;
  updated_at: string;
}

export interface IncidentQuery extends PageQuery {
  host_id?: string;
  status?: 'open' | 'closed';
}

export interface IncidentPatch {
  title?: string;
  severity?: AlertSeverityName;
  status?: 'open' | 'closed';
  last_seen?: string;
  alert_count?: number;
  updated_at: string;
}

/**
 * What detection derived from one unit of analysis (an event batch, or the alerts a rule-window
 * tick raised), written in one transaction: new incidents and alerts as whole records, changes to
 * existing ones, and the batch's analyzed mark — so after a crash a batch is either analyzed with
 * all its alerts stored, or unmarked with none of them, and analyzing it again counts nothing twice.
 * Derived from stored events, so a store may commit it without an fsync (SQLite does): a power
 * loss can then drop it whole, and the batch is analyzed again.
 */
export interface DetectionWrites {
  incidents: IncidentRecord[];
  incident_updates: { id: string; patch: IncidentPatch }[];
  alerts: AlertRecord[];
  /** Applied in order, after `alerts`. */
  repeats: { id: string; repeat: AlertRepeat }[];
  analyzed_batch?: string;
}

/** An alert matching every given (non-null) field is dropped and counted, never stored or notified. */
export interface Suppression {
  id: string;
  rule_id: string | null;
  host_id: string | null;
  /** Exact `process.executable` of the triggering event. */
  process_executable: string | null;
  container_image: string | null;
  reason: string;
  created_by: string | null;
  created_at: string;
}

// ---------------------------------------------------------------------------------------------
// Vulnerabilities, images

export type TargetKind = 'host' | 'image';

export interface FindingRecord {
  /** Stable per (target, vulnerability, package). */
  id: string;
  target_kind: TargetKind;
  /** Host id, or image digest. */
  target_id: string;
  vuln_id: string;
  aliases: string[];
  title: string;
  package_name: string;
  package_version: string;
  ecosystem: string;
  fixed_version: string | null;
  severity: string;
  cvss_score: number | null;
  known_exploited: boolean;
  /** `public`: a process using the package listens on a public address; `running`: in use. */
  exposure: 'public' | 'running' | 'none';
  /** Higher is more urgent; computed by the caller. */
  priority: number;
  first_seen: string;
  last_seen: string;
}

export interface FindingQuery extends PageQuery {
  severity?: string[];
  target_kind?: TargetKind;
  host_id?: string;
  image?: string;
  vuln_id?: string;
  fixable?: boolean;
  /** Substring of vulnerability id, package name or title. */
  q?: string;
  /** Only findings first seen before this (unpatched past N days). */
  first_seen_before?: string;
}

export interface TargetFindingCount {
  target_kind: TargetKind;
  target_id: string;
  total: number;
  critical: number;
  high: number;
}

export interface ImageRecord {
  digest: string;
  name: string;
  tags: string[];
  os: string | null;
  /** When the scanner last scanned it; `null` = seen but not scanned (no local engine). */
  scanned_at: string | null;
  scan_error: string | null;
  first_seen: string;
  last_seen: string;
  /** Hosts on which it was last seen. */
  host_ids: string[];
}

export interface ImageQuery extends PageQuery {
  host_id?: string;
  q?: string;
}

// ---------------------------------------------------------------------------------------------
// Compliance

export interface ComplianceResult {
  check_id: string;
  title: { en: string; zh?: string };
  status: 'pass' | 'fail' | 'warn' | 'manual';
  evidence?: unknown;
  [extra: string]: unknown;
}

export interface ComplianceReportWrite {
  id: string;
  host_id: string;
  agent_id: string;
  profile: string;
  time: string;
  results: ComplianceResult[];
}

export interface ComplianceReportSummary {
  id: string;
  host_id: string;
  profile: string;
  time: string;
  pass: number;
  fail: number;
  warn: number;
  manual: number;
}

/** A check's latest result on a host for a profile. */
export interface ComplianceResultRecord extends ComplianceResult {
  host_id: string;
  profile: string;
  report_id: string;
  time: string;
}

export interface ComplianceQuery extends PageQuery {
  profile?: string;
  host_id?: string;
  status?: ComplianceResult['status'];
}

// ---------------------------------------------------------------------------------------------
// People: users, sessions, API tokens, audit

export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  username: string;
  role: Role;
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
}

export interface UserPatch {
  role?: Role;
  password_hash?: string;
  failed_logins?: number;
  locked_until?: string | null;
}

export interface Session {
  id_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiToken {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** At most the user's role. */
  role: Role;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

export interface AuditRecord {
  id?: number;
  time: string;
  /** `user:<name>`, `token:<id>`, `agent:<id>`, `system`. */
  actor: string;
  action: string;
  target: string | null;
  outcome: 'success' | 'failure';
  details: Record<string, unknown>;
  ip: string | null;
}

export interface AuditQuery extends PageQuery {
  actor?: string;
  action?: string;
  since?: string;
}

// ---------------------------------------------------------------------------------------------
// Response actions, inspections, outputs, settings

export const ACTION_TYPES = ['kill_process', 'stop_container', 'pause_container', 'quarantine_file', 'restore_file', 'block_ip', 'unblock_ip'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export interface ResponseAction {
  id: string;
  agent_id: string;
  alert_id: string | null;
  type: ActionType;
  params: Record<string, unknown>;
  /** queued → delivered (in a heartbeat answer) → succeeded | failed. */
  status: 'queued' | 'delivered' | 'succeeded' | 'failed';
  requested_by: string;
  requested_at: string;
  delivered_at: string | null;
  result: { ok: boolean; message: string; undo?: unknown } | null;
  completed_at: string | null;
}

export interface InspectionReport {
  id: string;
  group_id: string;
  time: string;
  report: Record<string, unknown>;
}

export interface OutputConfig {
  id: string;
  /** `webhook`, `syslog`, `file` … (see outputs/). */
  type: string;
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  /** Minimum alert severity sent. */
  min_severity: AlertSeverityName;
  created_at: string;
  updated_at: string;
}

// ---------------------------------------------------------------------------------------------

export interface Store {
  migrate(): Promise<void>;
  /** Applied migration versions, ascending. */
  migrations(): Promise<number[]>;
  close(): Promise<void>;

  upsertHost(h: HostUpsert): Promise<Host>;
  getHost(id: string): Promise<Host | undefined>;
  listHosts(q: PageQuery & { group_id?: string; q?: string }): Promise<Page<Host>>;

  /** Creates the host's agent, or gives the existing one a new credential, version and name. */
  enrollAgent(e: AgentEnrollment): Promise<Agent>;
  getAgent(id: string): Promise<Agent | undefined>;
  getAgentByCredentialHash(hash: string): Promise<Agent | undefined>;
  listAgents(q: AgentQuery): Promise<Page<Agent>>;
  setAgentGroup(id: string, groupId: string | null): Promise<Agent | undefined>;
  /** Marks the agent seen; with a heartbeat also its version and health. */
  touchAgent(id: string, seen: string, heartbeat?: { version: string; health: Record<string, unknown> }): Promise<void>;

  createEnrollmentToken(t: Omit<EnrollmentToken, 'uses'>): Promise<EnrollmentToken>;
  getEnrollmentTokenByHash(hash: string): Promise<EnrollmentToken | undefined>;
  listEnrollmentTokens(): Promise<EnrollmentToken[]>;
  countEnrollmentTokenUse(id: string): Promise<void>;
  deleteEnrollmentToken(id: string): Promise<boolean>;

  createAgentGroup(g: Omit<AgentGroup, 'config_version' | 'created_at' | 'updated_at'> & { time: string }): Promise<AgentGroup>;
  getAgentGroup(id: string): Promise<AgentGroup | undefined>;
  listAgentGroups(): Promise<AgentGroup[]>;
  /** A new `config` bumps `config_version`. */
  updateAgentGroup(id: string, patch: { name?: string; description?: string; config?: Record<string, unknown>; time: string }): Promise<AgentGroup | undefined>;
  /** Agents and hosts of a deleted group fall back to no group. The default group cannot go. */
  deleteAgentGroup(id: string): Promise<boolean>;

  saveInventory(w: InventoryWrite): Promise<{ duplicate: boolean }>;
  /** The host's current tables, or only `table`. */
  getInventory(hostId: string, table?: string): Promise<InventoryTable[]>;
  /** Current rows of one table on every host (e.g. `docker_containers`). */
  listInventoryRows(table: string): Promise<{ host_id: string; rows: InventoryRow[] }[]>;
  listInventoryChanges(q: InventoryChangeQuery): Promise<Page<InventoryChange>>;

  appendEvents(b: EventBatch): Promise<{ duplicate: boolean }>;
  getEvents(ids: readonly string[]): Promise<StoredEvent[]>;
  listEvents(q: EventQuery): Promise<Page<StoredEvent>>;
  /** Whether the batch is stored and marked analyzed. */
  isBatchAnalyzed(batchId: string): Promise<boolean>;
  /** Stored batches the analyzers have not finished, oldest first (replayed after a crash). */
  unanalyzedBatches(limit: number): Promise<EventBatch[]>;
  pruneEvents(r: EventRetention): Promise<{ deleted: number }>;
  eventStats(): Promise<{ count: number; bytes: number; oldest: string | null }>;

  /** Detection's writes of one unit in one transaction (see `DetectionWrites`). */
  commitDetections(w: DetectionWrites): Promise<void>;

  createAlert(a: AlertRecord): Promise<AlertRecord>;
  getAlert(id: string): Promise<AlertRecord | undefined>;
  listAlerts(q: AlertQuery): Promise<Page<AlertRecord>>;
  /** The alert with this key still open (new/acknowledged) and last seen at or after `since`. */
  findAlertByDedupKey(key: string, since: string): Promise<AlertRecord | undefined>;
  recordAlertRepeat(id: string, r: AlertRepeat): Promise<AlertRecord | undefined>;
  updateAlert(id: string, patch: AlertPatch): Promise<AlertRecord | undefined>;
  addAlertComment(id: string, c: AlertComment): Promise<AlertRecord | undefined>;
  /** Alerts first seen since `since` per UTC bucket (`day` or `hour`) and severity. */
  alertHistogram(since: string, bucket: 'hour' | 'day'): Promise<AlertHistogramRow[]>;
  /** Alerts per technique (with the tactics the alerts carry). */
  attackCounts(since?: string): Promise<AttackCount[]>;

  createIncident(i: IncidentRecord): Promise<IncidentRecord>;
  getIncident(id: string): Promise<IncidentRecord | undefined>;
  listIncidents(q: IncidentQuery): Promise<Page<IncidentRecord>>;
  /** The host's open incident last seen at or after `since`. */
  findOpenIncident(hostId: string, since: string): Promise<IncidentRecord | undefined>;
  updateIncident(id: string, patch: IncidentPatch): Promise<IncidentRecord | undefined>;

  getRuleStates(): Promise<Map<string, boolean>>;
  setRuleState(ruleId: string, enabled: boolean): Promise<void>;

  createSuppression(s: Suppression): Promise<Suppression>;
  listSuppressions(): Promise<Suppression[]>;
  deleteSuppression(id: string): Promise<boolean>;

  /** The target's findings become exactly `findings`; kept ones keep their `first_seen`. */
  replaceFindings(kind: TargetKind, targetId: string, findings: FindingRecord[]): Promise<void>;
  getFinding(id: string): Promise<FindingRecord | undefined>;
  listFindings(q: FindingQuery): Promise<Page<FindingRecord>>;
  findingCountsByTarget(kind: TargetKind, limit: number): Promise<TargetFindingCount[]>;

  upsertImage(i: Omit<ImageRecord, 'first_seen' | 'host_ids'> & { seen: string }): Promise<ImageRecord>;
  getImage(digest: string): Promise<ImageRecord | undefined>;
  listImages(q: ImageQuery): Promise<Page<ImageRecord>>;
  /** The images last seen on the host become exactly `digests`. */
  setHostImages(hostId: string, digests: readonly string[]): Promise<void>;

  saveComplianceReport(r: ComplianceReportWrite): Promise<{ duplicate: boolean }>;
  listComplianceReports(q: ComplianceQuery): Promise<Page<ComplianceReportSummary>>;
  listComplianceResults(q: ComplianceQuery): Promise<Page<ComplianceResultRecord>>;

  createUser(u: User): Promise<User>;
  getUser(id: string): Promise<User | undefined>;
  getUserByName(username: string): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  updateUser(id: string, patch: UserPatch): Promise<User | undefined>;
  /** Also removes the user's sessions and tokens. */
  deleteUser(id: string): Promise<boolean>;
  countUsers(): Promise<number>;

  createSession(s: Session): Promise<void>;
  getSession(idHash: string): Promise<Session | undefined>;
  deleteSession(idHash: string): Promise<void>;
  deleteExpiredSessions(now: string): Promise<number>;

  createApiToken(t: ApiToken): Promise<ApiToken>;
  getApiTokenByHash(hash: string): Promise<ApiToken | undefined>;
  listApiTokens(userId?: string): Promise<ApiToken[]>;
  touchApiToken(id: string, time: string): Promise<void>;
  deleteApiToken(id: string): Promise<boolean>;

  appendAudit(r: AuditRecord): Promise<void>;
  listAudit(q: AuditQuery): Promise<Page<AuditRecord>>;

  createAction(a: ResponseAction): Promise<ResponseAction>;
  getAction(id: string): Promise<ResponseAction | undefined>;
  listActions(q: { alert_id?: string; agent_id?: string }): Promise<ResponseAction[]>;
  /** The agent's queued actions, now marked delivered (each is delivered once). */
  takeQueuedActions(agentId: string, time: string): Promise<ResponseAction[]>;
  completeAction(id: string, result: NonNullable<ResponseAction['result']>, time: string): Promise<ResponseAction | undefined>;

  saveInspection(r: InspectionReport): Promise<void>;
  listInspections(q: PageQuery & { group_id?: string }): Promise<Page<InspectionReport>>;

  putOutput(o: OutputConfig): Promise<OutputConfig>;
  listOutputs(): Promise<OutputConfig[]>;
  deleteOutput(id: string): Promise<boolean>;

  /** Server settings (retention, dedup window …) as JSON values by key. */
  getSettings(): Promise<Record<string, unknown>>;
  putSettings(values: Record<string, unknown>): Promise<void>;
}
