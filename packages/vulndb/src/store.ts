/**
 * The local advisory database: one SQLite file (WAL) that importers write and the matcher reads.
 * Rows are grouped by source — a (format, origin) pair such as ('osv', '/data/go.tar.gz') — so a
 * re-import of the same origin replaces exactly what that origin contributed.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '@vigil/schema';
import type { Advisory, AffectedPackage } from './advisory.ts';
import { normalizePackageName } from './ecosystem.ts';
import type { AdvisoryReader, AffectedMatch, KnownExploited, SourceInfo } from './store-api.ts';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './store/schema.ts';

/** Identifies one source: the format that produced the advisories and where they came from. */
export interface SourceKey {
  name: string;
  origin: string;
}

export interface PutResult {
  /** Advisories written (an older copy of an id already stored from this source is skipped). */
  advisories: number;
  affected: number;
}

export interface EcosystemCount {
  ecosystem: string;
  packages: number;
  affected: number;
}

export interface DbStats {
  advisories: number;
  withdrawn: number;
  affected: number;
  /** Distinct CVE ids listed as known exploited. */
  knownExploited: number;
  ecosystems: EcosystemCount[];
}

export interface AdvisoryDb extends AdvisoryReader {
  readonly path: string;
  close(): void;
  /** When the last import finished (RFC 3339), undefined for a database nothing was imported into. */
  builtAt(): string | undefined;
  /** Run `work` inside one write transaction: every write in it lands, or none does. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Delete every source imported from `origin`, so the import that follows replaces it. */
  clearOrigin(origin: string): void;
  /** Store advisories for `source`; an id already stored there is replaced by a newer record. */
  putAdvisories(source: SourceKey, advisories: readonly Advisory[]): PutResult;
  /** Store known-exploited CVE listings for `source`; a repeated id keeps the last listing. */
  putKnownExploited(source: SourceKey, entries: readonly KnownExploited[]): void;
  /** Stamp `source` as imported now and refresh its counts; it is created when it has no rows. */
  recordSource(source: SourceKey): SourceInfo;
  stats(): DbStats;
  /** Every distinct (ecosystem, name) key that has affected rows. */
  packageKeys(): Array<[ecosystem: string, name: string]>;
  /** The first of `ids` listed as known exploited, with ransomware use if any listing reports it. */
  knownExploited(ids: readonly string[]): KnownExploited | undefined;
}

interface StoredRow {
  adv_id: number;
  adv: string;
  ecosystem: string;
  name: string;
  aff: string;
}

/** What an affected row keeps besides its key columns. */
type StoredAffected = Omit<AffectedPackage, 'ecosystem' | 'name'>;

/** SQLite result codes that mean the file is not a usable database. */
const NOT_A_DATABASE = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

function sqliteCode(err: unknown): string | undefined {
  return err instanceof Database.SqliteError ? err.code : undefined;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Turn file-level SQLite failures into one-line user errors; anything else stays a bug. */
function asUserError(err: unknown, path: string): unknown {
  const code = sqliteCode(err);
  if (code && NOT_A_DATABASE.has(code)) {
    return new UserError(`${path} is not a Vigil advisory database (${message(err)})`, 'BAD_DB');
  }
  if (code?.startsWith('SQLITE_READONLY') || code?.startsWith('SQLITE_CANTOPEN') || code?.startsWith('SQLITE_IOERR')) {
    return new UserError(`cannot write advisory database ${path}: ${message(err)}`, 'DB_UNWRITABLE');
  }
  return err;
}

export function openAdvisoryDb(path: string, opts: { readonly?: boolean } = {}): AdvisoryDb {
  const readonly = opts.readonly ?? false;
  if (!readonly) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (err) {
      throw new UserError(`cannot create directory for advisory database ${path}: ${message(err)}`, 'DB_UNWRITABLE');
    }
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly });
  } catch (err) {
    if (readonly && (err as { code?: string }).code === 'SQLITE_CANTOPEN') {
      throw new UserError(`no advisory database at ${path}; run \`vigil db update\` or \`vigil db import\``, 'NO_DB');
    }
    throw new UserError(`cannot open advisory database ${path}: ${message(err)}`, 'DB_UNWRITABLE');
  }
  try {
    prepareSchema(db, path, readonly);
    return new SqliteAdvisoryDb(db, path);
  } catch (err) {
    db.close();
    throw asUserError(err, path);
  }
}

function prepareSchema(db: Database.Database, path: string, readonly: boolean): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (appId !== APPLICATION_ID) {
    const tables = db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() as number;
    if (appId !== 0 || version !== 0 || tables !== 0) {
      throw new UserError(`${path} is not a Vigil advisory database`, 'BAD_DB');
    }
    if (readonly) throw new UserError(`advisory database ${path} is empty; run \`vigil db update\``, 'NO_DB');
  }
  if (version > SCHEMA_VERSION) {
    throw new UserError(`advisory database ${path} has schema ${version}; this Vigil reads up to ${SCHEMA_VERSION}`, 'BAD_DB');
  }
  if (readonly) {
    if (version < SCHEMA_VERSION) migrateOlderSchema(path);
    return;
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  if (version < SCHEMA_VERSION) {
    db.transaction(() => {
      for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  }
}

/**
 * A reader given a database of an older schema migrates it in place (migrations only add tables),
 * so an upgrade does not stop scans and the server until the next `vigil db update`; where the file
 * cannot be written, the reader is told to run the update.
 */
function migrateOlderSchema(path: string): void {
  let writer: Database.Database | undefined;
  try {
    writer = new Database(path, { fileMustExist: true });
    prepareSchema(writer, path, false);
  } catch {
    throw new UserError(`advisory database ${path} has an old schema; run \`vigil db update\` to migrate it`, 'BAD_DB');
  } finally {
    writer?.close();
  }
}

class SqliteAdvisoryDb implements AdvisoryDb {
  private readonly stmt;
  private readonly sourceIds = new Map<string, number>();
  private inTransaction = false;

  constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {
    const p = <R = unknown>(sql: string) => db.prepare<unknown[], R>(sql);
    this.stmt = {
      lookup: p<StoredRow>(
        `SELECT a.id AS adv_id, a.data AS adv, f.ecosystem, f.name, f.data AS aff
         FROM affected f JOIN advisory a ON a.id = f.advisory_id
         WHERE f.ecosystem = ? AND f.name = ?`,
      ),
      withdrawn: p(
        `SELECT 1 FROM advisory w
         WHERE w.withdrawn IS NOT NULL AND (w.vuln_id = @id OR w.vuln_id IN (
           SELECT l.alias FROM advisory a JOIN alias l ON l.advisory_id = a.id WHERE a.vuln_id = @id))
         LIMIT 1`,
      ).pluck(),
      sources: p<{ name: string; origin: string; imported_at: string; advisories: number; affected: number }>(
        'SELECT name, origin, imported_at, advisories, affected FROM source ORDER BY name, origin',
      ),
      builtAt: p<string>(`SELECT value FROM meta WHERE key = 'built_at'`).pluck(),
      setBuiltAt: p(`INSERT INTO meta (key, value) VALUES ('built_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
      sourceId: p<number>('SELECT id FROM source WHERE name = ? AND origin = ?').pluck(),
      insertSource: p(`INSERT INTO source (name, origin, imported_at) VALUES (?, ?, '')`),
      originSources: p<number>('SELECT id FROM source WHERE origin = ?').pluck(),
      deleteSourceAffected: p('DELETE FROM affected WHERE advisory_id IN (SELECT id FROM advisory WHERE source_id = ?)'),
      deleteSourceAliases: p('DELETE FROM alias WHERE advisory_id IN (SELECT id FROM advisory WHERE source_id = ?)'),
      deleteSourceAdvisories: p('DELETE FROM advisory WHERE source_id = ?'),
      deleteSourceExploited: p('DELETE FROM known_exploited WHERE source_id = ?'),
      putExploited: p(
        `INSERT INTO known_exploited (source_id, cve_id, date_added, ransomware) VALUES (?, ?, ?, ?)
         ON CONFLICT (source_id, cve_id) DO UPDATE SET date_added = excluded.date_added, ransomware = excluded.ransomware`,
      ),
      exploited: p<{ date_added: string | null; ransomware: number }>(
        'SELECT min(date_added) AS date_added, max(ransomware) AS ransomware FROM known_exploited WHERE cve_id = ? GROUP BY cve_id',
      ),
      deleteSource: p('DELETE FROM source WHERE id = ?'),
      existing: p<{ id: number; modified: string | null; withdrawn: string | null }>(
        'SELECT id, modified, withdrawn FROM advisory WHERE source_id = ? AND vuln_id = ?',
      ),
      deleteAffected: p('DELETE FROM affected WHERE advisory_id = ?'),
      deleteAliases: p('DELETE FROM alias WHERE advisory_id = ?'),
      updateAdvisory: p('UPDATE advisory SET modified = ?, withdrawn = ?, data = ? WHERE id = ?'),
      insertAdvisory: p('INSERT INTO advisory (source_id, vuln_id, modified, withdrawn, data) VALUES (?, ?, ?, ?, ?)'),
      insertAlias: p('INSERT INTO alias (advisory_id, alias) VALUES (?, ?)'),
      insertAffected: p('INSERT INTO affected (advisory_id, ecosystem, name, data) VALUES (?, ?, ?, ?)'),
      countSource: p<{ advisories: number; affected: number }>(
        `SELECT (SELECT count(*) FROM advisory WHERE source_id = @id) + (SELECT count(*) FROM known_exploited WHERE source_id = @id) AS advisories,
                (SELECT count(*) FROM affected f JOIN advisory a ON a.id = f.advisory_id WHERE a.source_id = @id) AS affected`,
      ),
      stampSource: p('UPDATE source SET imported_at = ?, advisories = ?, affected = ? WHERE id = ?'),
      totals: p<{ advisories: number; withdrawn: number; affected: number; knownExploited: number }>(
        `SELECT (SELECT count(*) FROM advisory) AS advisories,
                (SELECT count(*) FROM advisory WHERE withdrawn IS NOT NULL) AS withdrawn,
                (SELECT count(*) FROM affected) AS affected,
                (SELECT count(DISTINCT cve_id) FROM known_exploited) AS knownExploited`,
      ),
      ecosystems: p<EcosystemCount>(
        `SELECT ecosystem, count(DISTINCT name) AS packages, count(*) AS affected
         FROM affected GROUP BY ecosystem ORDER BY ecosystem`,
      ),
      keys: p<[string, string]>('SELECT DISTINCT ecosystem, name FROM affected').raw(),
    };
  }

  /** Run a read or write, reporting a damaged file as a user error rather than a crash. */
  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (err) {
      throw asUserError(err, this.path);
    }
  }

  lookup(ecosystem: string, name: string): AffectedMatch[] {
    const rows = this.guard(() => this.stmt.lookup.all(ecosystem, normalizePackageName(ecosystem, name)));
    // One advisory may name the package in several rows (one per release/range set): parse it once.
    const advisories = new Map<number, Omit<Advisory, 'affected'>>();
    return rows.map((row) => {
      let advisory = advisories.get(row.adv_id);
      if (!advisory) {
        advisory = JSON.parse(row.adv) as Omit<Advisory, 'affected'>;
        advisories.set(row.adv_id, advisory);
      }
      const stored = JSON.parse(row.aff) as StoredAffected;
      return { advisory, affected: { ecosystem: row.ecosystem, name: row.name, ...stored } };
    });
  }

  isWithdrawn(id: string): boolean {
    return this.guard(() => this.stmt.withdrawn.get({ id }) !== undefined);
  }

  knownExploited(ids: readonly string[]): KnownExploited | undefined {
    return this.guard(() => {
      for (const cveId of ids) {
        const row = this.stmt.exploited.get(cveId);
        if (row) return { cveId, ...(row.date_added ? { dateAdded: row.date_added } : {}), ransomware: row.ransomware === 1 };
      }
      return undefined;
    });
  }

  sources(): SourceInfo[] {
    return this.guard(() =>
      this.stmt.sources.all().map((s) => ({
        name: s.name,
        origin: s.origin,
        importedAt: s.imported_at,
        advisories: s.advisories,
        affected: s.affected,
      })),
    );
  }

  builtAt(): string | undefined {
    return this.guard(() => this.stmt.builtAt.get());
  }

  stats(): DbStats {
    return this.guard(() => {
      const totals = this.stmt.totals.get() ?? { advisories: 0, withdrawn: 0, affected: 0, knownExploited: 0 };
      return { ...totals, ecosystems: this.stmt.ecosystems.all() };
    });
  }

  packageKeys(): Array<[string, string]> {
    return this.guard(() => this.stmt.keys.all());
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction) throw new Error('advisory db transactions do not nest');
    this.guard(() => this.db.exec('BEGIN IMMEDIATE'));
    this.inTransaction = true;
    try {
      const result = await work();
      this.guard(() => this.db.exec('COMMIT'));
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    } finally {
      this.inTransaction = false;
      this.sourceIds.clear();
    }
  }

  clearOrigin(origin: string): void {
    this.guard(() => {
      for (const id of this.stmt.originSources.all(origin)) {
        this.stmt.deleteSourceAffected.run(id);
        this.stmt.deleteSourceAliases.run(id);
        this.stmt.deleteSourceAdvisories.run(id);
        this.stmt.deleteSourceExploited.run(id);
        this.stmt.deleteSource.run(id);
      }
      this.sourceIds.clear();
    });
  }

  private sourceId(source: SourceKey): number {
    const key = `${source.name}\0${source.origin}`;
    let id = this.sourceIds.get(key);
    if (id === undefined) {
      id = this.stmt.sourceId.get(source.name, source.origin);
      if (id === undefined) id = Number(this.stmt.insertSource.run(source.name, source.origin).lastInsertRowid);
      this.sourceIds.set(key, id);
    }
    return id;
  }

  putAdvisories(source: SourceKey, advisories: readonly Advisory[]): PutResult {
    return this.guard(() => {
      const write = this.db.transaction(() => {
        const sourceId = this.sourceId(source);
        const result: PutResult = { advisories: 0, affected: 0 };
        for (const advisory of advisories) {
          const written = this.putOne(sourceId, advisory);
          if (written < 0) continue;
          result.advisories++;
          result.affected += written;
        }
        return result;
      });
      // Inside an import transaction this becomes a savepoint; on its own it is atomic by itself.
      return write();
    });
  }

  putKnownExploited(source: SourceKey, entries: readonly KnownExploited[]): void {
    this.guard(() => {
      const sourceId = this.sourceId(source);
      for (const e of entries) this.stmt.putExploited.run(sourceId, e.cveId, e.dateAdded ?? null, e.ransomware ? 1 : 0);
    });
  }

  /** Returns the number of affected rows written, or -1 when a newer copy was already stored. */
  private putOne(sourceId: number, advisory: Advisory): number {
    const { affected, ...meta } = advisory;
    const modified = advisory.modified ?? null;
    const withdrawn = advisory.withdrawn ?? null;
    const data = JSON.stringify(meta);
    const existing = this.stmt.existing.get(sourceId, advisory.id);
    let rowId: number;
    if (existing) {
      if (!supersedes(advisory, existing)) return -1;
      rowId = existing.id;
      this.stmt.deleteAffected.run(rowId);
      this.stmt.deleteAliases.run(rowId);
      this.stmt.updateAdvisory.run(modified, withdrawn, data, rowId);
    } else {
      rowId = Number(this.stmt.insertAdvisory.run(sourceId, advisory.id, modified, withdrawn, data).lastInsertRowid);
    }
    for (const alias of new Set(advisory.aliases)) {
      if (alias !== advisory.id) this.stmt.insertAlias.run(rowId, alias);
    }
    for (const pkg of affected) {
      const { ecosystem, name, ...rest } = pkg;
      this.stmt.insertAffected.run(rowId, ecosystem, normalizePackageName(ecosystem, name), JSON.stringify(rest));
    }
    return affected.length;
  }

  recordSource(source: SourceKey): SourceInfo {
    return this.guard(() => {
      const id = this.sourceId(source);
      const counts = this.stmt.countSource.get({ id }) ?? { advisories: 0, affected: 0 };
      const importedAt = new Date().toISOString();
      this.stmt.stampSource.run(importedAt, counts.advisories, counts.affected, id);
      this.stmt.setBuiltAt.run(importedAt);
      return { name: source.name, origin: source.origin, importedAt, ...counts };
    });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * Whether `incoming` replaces the stored copy of the same id: a later `modified` wins; on a tie the
 * newer file wins unless only the stored copy is withdrawn (a withdrawal is never silently undone).
 */
function supersedes(incoming: Advisory, stored: { modified: string | null; withdrawn: string | null }): boolean {
  const a = Date.parse(incoming.modified ?? '');
  const b = Date.parse(stored.modified ?? '');
  if (Number.isFinite(a) && Number.isFinite(b) && a !== b) return a > b;
  if (Number.isFinite(a) !== Number.isFinite(b)) return Number.isFinite(a);
  return !(stored.withdrawn && !incoming.withdrawn);
}
