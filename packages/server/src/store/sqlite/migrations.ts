/**
 * SQLite schema, one entry per version. A version is never edited once released: a change is a
 * new entry. JSON columns hold lists and documents nobody filters on by SQL; anything a list
 * filters or sorts by is its own column.
 */
export const SQLITE_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE hosts (id TEXT PRIMARY KEY, name TEXT NOT NULL, os TEXT, os_ecosystem TEXT, addresses TEXT NOT NULL DEFAULT '[]',
  group_id TEXT, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL);
CREATE TABLE agent_groups (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL DEFAULT '',
  config TEXT NOT NULL DEFAULT '{}', config_version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
INSERT INTO agent_groups (id, name, description, created_at, updated_at)
  VALUES ('default', 'default', 'Agents without another group', strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ'));
CREATE TABLE agents (id TEXT PRIMARY KEY, host_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, version TEXT NOT NULL, group_id TEXT,
  credential_hash TEXT NOT NULL UNIQUE, enrolled_at TEXT NOT NULL, last_seen TEXT, health TEXT);
CREATE TABLE enrollment_tokens (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, description TEXT NOT NULL DEFAULT '',
  group_id TEXT, expires_at TEXT, created_at TEXT NOT NULL, created_by TEXT, uses INTEGER NOT NULL DEFAULT 0);

CREATE TABLE inventory_snapshots (id TEXT PRIMARY KEY, host_id TEXT NOT NULL, agent_id TEXT NOT NULL, time TEXT NOT NULL,
  full INTEGER NOT NULL, tables TEXT NOT NULL);
CREATE TABLE inventory_tables (host_id TEXT NOT NULL, tbl TEXT NOT NULL, rows TEXT NOT NULL, error TEXT, warnings TEXT NOT NULL,
  snapshot_id TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (host_id, tbl));
CREATE TABLE inventory_changes (seq INTEGER PRIMARY KEY, host_id TEXT NOT NULL, snapshot_id TEXT NOT NULL, time TEXT NOT NULL,
  tbl TEXT NOT NULL, added TEXT NOT NULL, removed TEXT NOT NULL, changed TEXT NOT NULL);
CREATE INDEX inventory_changes_host ON inventory_changes (host_id, time);

CREATE TABLE event_batches (id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, host_id TEXT NOT NULL, received_at TEXT NOT NULL,
  count INTEGER NOT NULL, analyzed INTEGER NOT NULL DEFAULT 0);
CREATE INDEX event_batches_pending ON event_batches (received_at) WHERE analyzed = 0;
-- Events are kept in insertion order (seq); time_ms indexes the day partitions retention drops.
CREATE TABLE events (seq INTEGER PRIMARY KEY, batch_id TEXT NOT NULL, idx INTEGER NOT NULL, host_id TEXT NOT NULL,
  time TEXT NOT NULL, time_ms INTEGER NOT NULL, kind TEXT NOT NULL, size INTEGER NOT NULL, body TEXT NOT NULL);
CREATE INDEX events_batch ON events (batch_id, idx);
CREATE INDEX events_host_time ON events (host_id, time_ms);
CREATE INDEX events_time ON events (time_ms);

CREATE TABLE alerts (id TEXT PRIMARY KEY, dedup_key TEXT NOT NULL, rule_id TEXT NOT NULL, rule_name TEXT NOT NULL,
  rule_source TEXT NOT NULL, severity TEXT NOT NULL, sev_rank INTEGER NOT NULL, techniques TEXT NOT NULL, tactics TEXT NOT NULL,
  output TEXT NOT NULL, host_id TEXT NOT NULL, container_id TEXT, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,
  count INTEGER NOT NULL, event_ids TEXT NOT NULL, status TEXT NOT NULL, assignee TEXT, incident_id TEXT,
  comments TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX alerts_dedup ON alerts (dedup_key, last_seen);
CREATE INDEX alerts_last_seen ON alerts (last_seen);
CREATE INDEX alerts_host ON alerts (host_id, last_seen);
CREATE INDEX alerts_incident ON alerts (incident_id);

CREATE TABLE incidents (id TEXT PRIMARY KEY, host_id TEXT NOT NULL, title TEXT NOT NULL, severity TEXT NOT NULL,
  sev_rank INTEGER NOT NULL, status TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, alert_count INTEGER NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX incidents_host ON incidents (host_id, status, last_seen);
CREATE TABLE rule_states (rule_id TEXT PRIMARY KEY, enabled INTEGER NOT NULL);
CREATE TABLE suppressions (id TEXT PRIMARY KEY, rule_id TEXT, host_id TEXT, process_executable TEXT, container_image TEXT,
  reason TEXT NOT NULL, created_by TEXT, created_at TEXT NOT NULL);

CREATE TABLE findings (id TEXT PRIMARY KEY, target_kind TEXT NOT NULL, target_id TEXT NOT NULL, vuln_id TEXT NOT NULL,
  aliases TEXT NOT NULL, title TEXT NOT NULL, package_name TEXT NOT NULL, package_version TEXT NOT NULL, ecosystem TEXT NOT NULL,
  fixed_version TEXT, severity TEXT NOT NULL, sev_rank INTEGER NOT NULL, cvss_score REAL, known_exploited INTEGER NOT NULL,
  exposure TEXT NOT NULL, priority REAL NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL);
CREATE INDEX findings_target ON findings (target_kind, target_id);
CREATE INDEX findings_vuln ON findings (vuln_id);
CREATE TABLE images (digest TEXT PRIMARY KEY, name TEXT NOT NULL, tags TEXT NOT NULL, os TEXT, scanned_at TEXT, scan_error TEXT,
  first_seen TEXT NOT NULL, last_seen TEXT NOT NULL);
CREATE TABLE host_images (host_id TEXT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (host_id, digest));
CREATE INDEX host_images_digest ON host_images (digest);

CREATE TABLE compliance_reports (id TEXT PRIMARY KEY, host_id TEXT NOT NULL, agent_id TEXT NOT NULL, profile TEXT NOT NULL,
  time TEXT NOT NULL, pass INTEGER NOT NULL, fail INTEGER NOT NULL, warn INTEGER NOT NULL, manual INTEGER NOT NULL);
CREATE TABLE compliance_results (host_id TEXT NOT NULL, profile TEXT NOT NULL, check_id TEXT NOT NULL, report_id TEXT NOT NULL,
  time TEXT NOT NULL, status TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (host_id, profile, check_id));

CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, role TEXT NOT NULL, password_hash TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TEXT, created_at TEXT NOT NULL);
CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
CREATE TABLE api_tokens (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT, last_used_at TEXT);
CREATE TABLE audit (id INTEGER PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT,
  outcome TEXT NOT NULL, details TEXT NOT NULL, ip TEXT);
CREATE INDEX audit_time ON audit (time);

CREATE TABLE actions (id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, alert_id TEXT, type TEXT NOT NULL, params TEXT NOT NULL,
  status TEXT NOT NULL, requested_by TEXT NOT NULL, requested_at TEXT NOT NULL, delivered_at TEXT, result TEXT, completed_at TEXT);
CREATE INDEX actions_agent ON actions (agent_id, status);
CREATE TABLE inspections (id TEXT PRIMARY KEY, group_id TEXT NOT NULL, time TEXT NOT NULL, report TEXT NOT NULL);
CREATE TABLE outputs (id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, enabled INTEGER NOT NULL, config TEXT NOT NULL,
  min_severity TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`,
  },
];
