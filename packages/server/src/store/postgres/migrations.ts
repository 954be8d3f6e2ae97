/**
 * PostgreSQL schema, one entry per version; a released version is never edited, a change is a new
 * entry. Column names match the SQLite schema so both stores share sort keys and filters. Times
 * stay RFC 3339 text (the agent's precision is kept, and they sort as text like in SQLite);
 * documents are jsonb. Events are declaratively partitioned by UTC day of their time (`time_ms`):
 * one table per day, created on first use, so retention drops whole days as tables instead of
 * deleting rows.
 */
export const POSTGRES_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE hosts (id text PRIMARY KEY, name text NOT NULL, os text, os_ecosystem text, addresses jsonb NOT NULL DEFAULT '[]',
  group_id text, first_seen text NOT NULL, last_seen text NOT NULL);
CREATE TABLE agent_groups (id text PRIMARY KEY, name text NOT NULL UNIQUE, description text NOT NULL DEFAULT '',
  config jsonb NOT NULL DEFAULT '{}', config_version integer NOT NULL DEFAULT 1, created_at text NOT NULL, updated_at text NOT NULL);
INSERT INTO agent_groups (id, name, description, created_at, updated_at)
  VALUES ('default', 'default', 'Agents without another group', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
CREATE TABLE agents (id text PRIMARY KEY, host_id text NOT NULL UNIQUE, name text NOT NULL, version text NOT NULL, group_id text,
  credential_hash text NOT NULL UNIQUE, enrolled_at text NOT NULL, last_seen text, health jsonb);
CREATE TABLE enrollment_tokens (id text PRIMARY KEY, token_hash text NOT NULL UNIQUE, description text NOT NULL DEFAULT '',
  group_id text, expires_at text, created_at text NOT NULL, created_by text, uses integer NOT NULL DEFAULT 0);

CREATE TABLE inventory_snapshots (id text PRIMARY KEY, host_id text NOT NULL, agent_id text NOT NULL, time text NOT NULL,
  "full" boolean NOT NULL, tables jsonb NOT NULL);
CREATE TABLE inventory_tables (host_id text NOT NULL, tbl text NOT NULL, rows jsonb NOT NULL, error text, warnings jsonb NOT NULL,
  snapshot_id text NOT NULL, updated_at text NOT NULL, PRIMARY KEY (host_id, tbl));
CREATE TABLE inventory_changes (seq bigserial PRIMARY KEY, host_id text NOT NULL, snapshot_id text NOT NULL, time text NOT NULL,
  tbl text NOT NULL, added jsonb NOT NULL, removed jsonb NOT NULL, changed jsonb NOT NULL);
CREATE INDEX inventory_changes_host ON inventory_changes (host_id, time);

CREATE TABLE event_batches (id text PRIMARY KEY, agent_id text NOT NULL, host_id text NOT NULL, received_at text NOT NULL,
  count integer NOT NULL, analyzed boolean NOT NULL DEFAULT false, seq bigserial);
CREATE INDEX event_batches_pending ON event_batches (received_at, seq) WHERE NOT analyzed;
-- seq orders events as inserted, across day partitions; size is the byte length of the event's JSON.
CREATE SEQUENCE events_seq;
CREATE TABLE events (seq bigint NOT NULL DEFAULT nextval('events_seq'), batch_id text NOT NULL, idx integer NOT NULL,
  host_id text NOT NULL, time text NOT NULL, time_ms bigint NOT NULL, kind text NOT NULL, size integer NOT NULL, body jsonb NOT NULL)
  PARTITION BY RANGE (time_ms);
CREATE INDEX events_batch ON events (batch_id, idx);
CREATE INDEX events_host_time ON events (host_id, time_ms);
CREATE INDEX events_time ON events (time_ms, seq);

CREATE TABLE alerts (id text PRIMARY KEY, dedup_key text NOT NULL, rule_id text NOT NULL, rule_name text NOT NULL,
  rule_source text NOT NULL, severity text NOT NULL, sev_rank integer NOT NULL, techniques jsonb NOT NULL, tactics jsonb NOT NULL,
  output text NOT NULL, host_id text NOT NULL, container_id text, first_seen text NOT NULL, last_seen text NOT NULL,
  count integer NOT NULL, event_ids jsonb NOT NULL, status text NOT NULL, assignee text, incident_id text,
  comments jsonb NOT NULL DEFAULT '[]', created_at text NOT NULL, updated_at text NOT NULL);
CREATE INDEX alerts_dedup ON alerts (dedup_key, last_seen);
CREATE INDEX alerts_last_seen ON alerts (last_seen);
CREATE INDEX alerts_host ON alerts (host_id, last_seen);
CREATE INDEX alerts_incident ON alerts (incident_id);

CREATE TABLE incidents (id text PRIMARY KEY, host_id text NOT NULL, title text NOT NULL, severity text NOT NULL,
  sev_rank integer NOT NULL, status text NOT NULL, first_seen text NOT NULL, last_seen text NOT NULL, alert_count integer NOT NULL,
  created_at text NOT NULL, updated_at text NOT NULL);
CREATE INDEX incidents_host ON incidents (host_id, status, last_seen);
CREATE TABLE rule_states (rule_id text PRIMARY KEY, enabled boolean NOT NULL);
CREATE TABLE suppressions (id text PRIMARY KEY, rule_id text, host_id text, process_executable text, container_image text,
  reason text NOT NULL, created_by text, created_at text NOT NULL);

CREATE TABLE findings (id text PRIMARY KEY, target_kind text NOT NULL, target_id text NOT NULL, vuln_id text NOT NULL,
  aliases jsonb NOT NULL, title text NOT NULL, package_name text NOT NULL, package_version text NOT NULL, ecosystem text NOT NULL,
  fixed_version text, severity text NOT NULL, sev_rank integer NOT NULL, cvss_score double precision, known_exploited boolean NOT NULL,
  exposure text NOT NULL, priority double precision NOT NULL, first_seen text NOT NULL, last_seen text NOT NULL);
CREATE INDEX findings_target ON findings (target_kind, target_id);
CREATE INDEX findings_vuln ON findings (vuln_id);
CREATE TABLE images (digest text PRIMARY KEY, name text NOT NULL, tags jsonb NOT NULL, os text, scanned_at text, scan_error text,
  first_seen text NOT NULL, last_seen text NOT NULL);
CREATE TABLE host_images (host_id text NOT NULL, digest text NOT NULL, PRIMARY KEY (host_id, digest));
CREATE INDEX host_images_digest ON host_images (digest);

CREATE TABLE compliance_reports (id text PRIMARY KEY, host_id text NOT NULL, agent_id text NOT NULL, profile text NOT NULL,
  time text NOT NULL, pass integer NOT NULL, fail integer NOT NULL, warn integer NOT NULL, manual integer NOT NULL);
CREATE TABLE compliance_results (host_id text NOT NULL, profile text NOT NULL, check_id text NOT NULL, report_id text NOT NULL,
  time text NOT NULL, status text NOT NULL, body jsonb NOT NULL, PRIMARY KEY (host_id, profile, check_id));

CREATE TABLE users (id text PRIMARY KEY, username text NOT NULL UNIQUE, role text NOT NULL, password_hash text NOT NULL,
  failed_logins integer NOT NULL DEFAULT 0, locked_until text, created_at text NOT NULL);
CREATE TABLE sessions (id_hash text PRIMARY KEY, user_id text NOT NULL, created_at text NOT NULL, expires_at text NOT NULL);
CREATE TABLE api_tokens (id text PRIMARY KEY, user_id text NOT NULL, name text NOT NULL, token_hash text NOT NULL UNIQUE,
  role text NOT NULL, created_at text NOT NULL, expires_at text, last_used_at text);
CREATE TABLE audit (id bigserial PRIMARY KEY, time text NOT NULL, actor text NOT NULL, action text NOT NULL, target text,
  outcome text NOT NULL, details jsonb NOT NULL, ip text);
CREATE INDEX audit_time ON audit (time);

CREATE TABLE actions (id text PRIMARY KEY, agent_id text NOT NULL, alert_id text, type text NOT NULL, params jsonb NOT NULL,
  status text NOT NULL, requested_by text NOT NULL, requested_at text NOT NULL, delivered_at text, result jsonb, completed_at text);
CREATE INDEX actions_agent ON actions (agent_id, status);
CREATE TABLE inspections (id text PRIMARY KEY, group_id text NOT NULL, time text NOT NULL, report jsonb NOT NULL);
CREATE TABLE outputs (id text PRIMARY KEY, type text NOT NULL, name text NOT NULL, enabled boolean NOT NULL, config jsonb NOT NULL,
  min_severity text NOT NULL, created_at text NOT NULL, updated_at text NOT NULL);
CREATE TABLE settings (key text PRIMARY KEY, value jsonb NOT NULL);
`,
  },
];
