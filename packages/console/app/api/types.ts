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
}

export interface Agent {
  id: string;
  host_id: string;
  name: string;
  version: string;
  group_id: string | null;
  enrolled_at: string;
  last_seen: string | null;
  online?: boolean;
  health: Record<string, unknown> | null;
}

export interface AgentGroup {
  id: string;
  name: string;
  description: string;
  config: Record<string, unknown>;
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

export interface StoredEvent {
  id: string;
  host_id: string;
  time: string;
  kind: string;
  event: Record<string, unknown>;
}

/** A process of the alert's tree: the triggering process, its ancestors and children. */
export interface ProcessNode {
  entity_id: string;
  parent_entity_id: string | null;
  pid: number;
  executable: string;
  args: string[];
  user?: string | null;
  start?: string | null;
}

export interface AlertDetail extends Alert {
  rule?: Rule;
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
  alert?: boolean;
  [extra: string]: unknown;
}

export interface GraphEdge {
  from: string;
  to: string;
  type: string;
}

export interface TimelineEntry {
  time: string;
  kind: string;
  summary: string;
  alert_id?: string | null;
  node_id?: string | null;
}

export interface IncidentDetail extends Incident {
  alerts: Alert[];
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

export interface FindingDetail extends Finding {
  description?: string;
  references?: string[];
  /** Every asset with the same vulnerability. */
  affected?: Finding[];
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
}

/** A running container with what makes its runtime configuration risky, and advice. */
export interface Container {
  host_id: string;
  id: string;
  name: string;
  image: string;
  state?: string;
  risks?: { id: string; severity: Severity; title: string; advice: string }[];
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
  remediation?: { en: string; zh?: string } | string;
  host_id: string;
  profile: string;
  report_id: string;
  time: string;
  [extra: string]: unknown;
}

export interface Rule {
  id: string;
  name: string;
  description?: string;
  source: string;
  severity: Severity;
  enabled: boolean;
  techniques?: string[];
  tags?: string[];
  /** The rule as written (YAML). */
  text?: string;
}

export interface RuleTestResult {
  matches: { rule_id: string; output: string; event_index?: number }[];
  errors?: string[];
}

export interface AttackCell {
  technique: string;
  name?: string;
  tactic: string | null;
  count: number;
}

export interface AttackMatrix {
  tactics: { id: string; name: string; techniques: AttackCell[] }[];
}

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
  target_kind: 'host' | 'image';
  target_id: string;
  name?: string;
  total: number;
  critical: number;
  high: number;
}

export interface Overview {
  agents: { online: number; offline: number };
  alerts_by_severity: SeverityBucket[];
  top_vulnerable_hosts: TargetCount[];
  top_vulnerable_images: TargetCount[];
  compliance: { score: number | null; pass: number; fail: number; warn?: number; manual?: number };
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
  /** Only in the answer to its creation. */
  token?: string;
}

export interface EnrollmentToken {
  id: string;
  description: string;
  group_id: string | null;
  expires_at: string | null;
  created_at: string;
  uses: number;
  token?: string;
}

export interface OutputConfig {
  id: string;
  type: string;
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  min_severity: Severity;
}

export type Settings = Record<string, unknown>;
