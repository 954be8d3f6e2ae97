// What the server's public API returns, field for field as in its records (packages/server's
// store types, served under /api/v1 and described by /api/v1/openapi.json). The endpoint table
// in endpoints.ts says which request returns which of these; test/openapi.test.ts checks that
// table against the server's OpenAPI document.

export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageQuery {
  limit?: number;
  offset?: number;
  sort?: string;
  order?: 'asc' | 'desc';
}

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ALERT_STATUSES = ['new', 'acknowledged', 'resolved', 'false_positive'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
}

export interface Host {
  id: string;
  name: string;
  os: string | null;
  os_ecosystem: string | null;
  addresses: string[];
  group_id: string | null;
  first_seen: string;
  last_seen: string;
  agent: Agent | null;
}

export interface HostDetail extends Host {
  findings: number;
  open_alerts: number;
  /** Inventory tables the host has reported. */
  tables: string[];
}

export interface Agent {
  id: string;
  host_id: string;
  name: string;
  version: string;
  group_id: string | null;
  enrolled_at: string;
  last_seen: string | null;
  /** Online = heard from within the server's heartbeat window. */
  status: 'online' | 'offline';
  /** The agent's last health report: sensors, drops, spool, rss_bytes, cpu_percent … */
  health: Record<string, unknown> | null;
}

/** What a group pushes to its agents (the server keeps keys it does not know as they are). */
export interface GroupConfig {
  [key: string]: unknown;
  rules?: string[];
  fim_paths?: string[];
  caps?: { cpu_percent?: number; memory_bytes?: number };
  sensors?: Record<string, boolean>;
}

export interface AgentGroup {
  id: string;
  name: string;
  description: string;
  config: GroupConfig;
  config_version: number;
  created_at: string;
  updated_at: string;
}

export type InventoryRow = Record<string, unknown>;

export interface InventoryTable {
  table: string;
  rows: InventoryRow[];
  error: string | null;
  warnings: string[];
  snapshot_id: string;
  updated_at: string;
}

export interface InventoryChange {
  host_id: string;
  snapshot_id: string;
  time: string;
  table: string;
  added: InventoryRow[];
  removed: InventoryRow[];
  changed: { before: InventoryRow; after: InventoryRow }[];
}

export interface AlertComment {
  time: string;
  author: string;
  text: string;
}

export interface Alert {
  id: string;
  rule_id: string;
  rule_name: string;
  rule_source: string;
  severity: Severity;
  techniques: string[];
  tactics: string[];
  output: string;
  host_id: string;
  container_id: string | null;
  first_seen: string;
  last_seen: string;
  count: number;
  event_ids: string[];
  status: AlertStatus;
  assignee: string | null;
  incident_id: string | null;
  comments: AlertComment[];
}

/** A list or detail item as the server shows it: with its host's name (`null` once the host is gone). */
export type HostNamed<T> = T & { host_name: string | null };

export interface StoredEvent {
  id: string;
  host_id: string;
  time: string;
  kind: string;
  event: Record<string, unknown>;
}

/** A process of the alert's tree: the triggering processes and their ancestors. */
export interface ProcessNode {
  /** process.entity_id, or `<host>:<pid>` when the event has none. */
  id: string;
  pid: number | null;
  name: string | null;
  executable: string | null;
  command_line: string | null;
  /** The parent's `id`, when the events name one. */
  parent: string | null;
}

export interface AlertDetail extends HostNamed<Alert> {
  rule: Rule | null;
  events: StoredEvent[];
  process_tree: ProcessNode[];
}

export interface AlertPatch {
  status?: AlertStatus;
  assignee?: string | null;
  comment?: string;
}

export interface Incident {
  id: string;
  host_id: string;
  title: string;
  severity: Severity;
  status: 'open' | 'closed';
  first_seen: string;
  last_seen: string;
  alert_count: number;
}

export const GRAPH_NODE_TYPES = ['process', 'file', 'connection', 'user', 'host'] as const;
export type GraphNodeType = (typeof GRAPH_NODE_TYPES)[number];

export interface GraphNode {
  id: string;
  type: GraphNodeType;
  label: string;
  [extra: string]: unknown;
}

export interface GraphEdge {
  from: string;
  to: string;
  type: string;
}

export interface TimelineEntry {
  time: string;
  event_id: string;
  kind: string;
  summary: string;
  process: string | null;
  alert_ids: string[];
}

export interface IncidentDetail extends HostNamed<Incident> {
  alerts: HostNamed<Alert>[];
  graph: { nodes: GraphNode[]; edges: GraphEdge[] };
  timeline: TimelineEntry[];
}

export interface Finding {
  id: string;
  target_kind: 'host' | 'image';
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
  exposure: 'public' | 'running' | 'none';
  priority: number;
  first_seen: string;
  last_seen: string;
}

/** One vulnerability across the estate: every asset that has it, and how to fix it. */
export interface Vulnerability {
  id: string;
  aliases: string[];
  title: string;
  severity: string;
  cvss_score: number | null;
  known_exploited: boolean;
  affected: Finding[];
  fix: { en: string; zh: string };
}

export interface Image {
  digest: string;
  name: string;
  tags: string[];
  os: string | null;
  scanned_at: string | null;
  scan_error: string | null;
  first_seen: string;
  last_seen: string;
  host_ids: string[];
  findings: number;
}

/** A container as the host's agent inventories it (osquery-like `docker_containers` row). */
export interface Container {
  host_id: string;
  id: string;
  name: string;
  image: string;
  state: string;
  user?: string;
  privileged?: boolean;
  cap_add?: string[];
  network_mode?: string;
  pid_mode?: string;
  ipc_mode?: string;
  readonly_rootfs?: boolean;
  memory_limit?: number;
  pids_limit?: number;
  seccomp_profile?: string;
  apparmor_profile?: string;
  docker_socket_mounted?: boolean;
  mounts?: { type: string; source: string; destination: string; mode: string; rw: boolean }[];
  [extra: string]: unknown;
}

export type ComplianceStatus = 'pass' | 'fail' | 'warn' | 'manual';

export interface ComplianceReport {
  id: string;
  host_id: string;
  profile: string;
  time: string;
  pass: number;
  fail: number;
  warn: number;
  manual: number;
}

export interface ComplianceResult {
  check_id: string;
  title: { en: string; zh?: string };
  status: ComplianceStatus;
  evidence?: unknown;
  rationale?: string;
  remediation?: string;
  host_id: string;
  profile: string;
  report_id: string;
  time: string;
  [extra: string]: unknown;
}

export interface Rule {
  id: string;
  name: string;
  source: string;
  /** The rule file it was loaded from. */
  file: string | null;
  description: string | null;
  severity: Severity;
  techniques: string[];
  tactics: string[];
  tags: string[];
  enabled: boolean;
}

/** One rule with where it starts in its file and its text as written there (`null` if unreadable). */
export interface RuleSource extends Rule {
  line: number | null;
  text: string | null;
}

/** Rules the server could not load, and why. */
export interface RulePage extends Page<Rule> {
  skipped: { name: string; source: string; reason: string }[];
}

export interface RuleTestResult {
  /** Rules compiled from the YAML. */
  rules: string[];
  skipped: { name: string; reason: string }[];
  alerts: { rule: string; severity: Severity; output: string; event_index: number }[];
}

/** Alert counts per ATT&CK tactic (as the rules name it) and technique. */
export interface AttackMatrix {
  tactics: { tactic: string; techniques: { technique: string; count: number }[] }[];
}

/** A periodic inspection of a group: what is offline, degraded, unpatched or new since the last. */
export interface Inspection {
  id: string;
  group_id: string;
  time: string;
  report: Record<string, unknown>;
}

export interface SeverityBucket {
  bucket: string;
  severity: Severity;
  count: number;
}

export interface TargetCount {
  target_id: string;
  total: number;
  critical: number;
  high: number;
}

export interface Overview {
  agents: { online: number; offline: number };
  /** Alerts first seen per UTC day and severity, the last 14 days. */
  alerts_by_severity: SeverityBucket[];
  open_alerts: number;
  top_vulnerable_hosts: TargetCount[];
  top_vulnerable_images: TargetCount[];
  /** Percent of checks passed, of those passed or failed; `null` before any report. */
  compliance_score: number | null;
  latest_inspection: Inspection | null;
}

export interface User {
  id: string;
  username: string;
  role: Role;
  created_at: string;
  locked_until?: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

export interface EnrollmentToken {
  id: string;
  description: string;
  group_id: string | null;
  expires_at: string | null;
  created_at: string;
  uses: number;
}

export interface OutputConfig {
  id: string;
  type: string;
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  min_severity: Severity;
}

export interface NewSecret {
  /** Shown once: the server keeps only its hash. */
  token: string;
}

export type OutputBody = Pick<OutputConfig, 'type' | 'name' | 'enabled' | 'config' | 'min_severity'>;

export interface Settings {
  dedup_window_seconds: number;
  incident_window_seconds: number;
  retention_days: number;
  retention_max_bytes: number;
  unpatched_days: number;
  inspection_interval_seconds: number;
}
