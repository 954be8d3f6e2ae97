/**
 * The advisory database schema as an ordered list of migrations; `PRAGMA user_version` records
 * how many have run. A file is recognised as Vigil's by `PRAGMA application_id`.
 */

/** 'VGIL' — lets `openAdvisoryDb` refuse any other SQLite file instead of writing into it. */
export const APPLICATION_ID = 0x5647494c;

export const MIGRATIONS: readonly string[] = [
  // 1: sources, advisories with their aliases, affected rows keyed for lookup.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE source (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    origin TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    advisories INTEGER NOT NULL DEFAULT 0,
    affected INTEGER NOT NULL DEFAULT 0,
    UNIQUE (name, origin)
  );
  CREATE TABLE advisory (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES source(id),
    vuln_id TEXT NOT NULL,
    modified TEXT,
    withdrawn TEXT,
    data TEXT NOT NULL,
    UNIQUE (source_id, vuln_id)
  );
  CREATE INDEX advisory_vuln_id ON advisory (vuln_id);
  CREATE TABLE alias (
    advisory_id INTEGER NOT NULL REFERENCES advisory(id),
    alias TEXT NOT NULL
  );
  CREATE INDEX alias_advisory ON alias (advisory_id);
  CREATE TABLE affected (
    advisory_id INTEGER NOT NULL REFERENCES advisory(id),
    ecosystem TEXT NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX affected_key ON affected (ecosystem, name);
  CREATE INDEX affected_advisory ON affected (advisory_id);
  `,
  // 2: CVE ids known to be exploited in the wild (CISA KEV), per source like advisories.
  `
  CREATE TABLE known_exploited (
    source_id INTEGER NOT NULL REFERENCES source(id),
    cve_id TEXT NOT NULL,
    date_added TEXT,
    ransomware INTEGER NOT NULL,
    PRIMARY KEY (source_id, cve_id)
  ) WITHOUT ROWID;
  CREATE INDEX known_exploited_cve ON known_exploited (cve_id);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
