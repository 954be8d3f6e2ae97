/**
 * The PostgreSQL connection pool and the one query helper the store uses. Queries are written
 * with `?` placeholders, like the SQLite store's, so both share the same `Where` builder; they are
 * numbered (`$1`, `$2` …) here, once per distinct text. No query text may contain a literal `?`
 * (so no jsonb `?` operators: `@>` does the same).
 */
import pg from 'pg';
import { UserError } from '@vigil/schema';

export type Row = Record<string, any>;

export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number }>;
}

const numbered = new Map<string, string>();

export function placeholders(sql: string): string {
  let out = numbered.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, out);
  }
  return out;
}

// bigint (count(*), bigserial) and numeric (sum) come back as strings by default; every such value
// here fits a double.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The URL as it may be printed: without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

export async function openPool(url: string, max = 10): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max, types });
  // An idle client losing its connection (server restart) must not crash the process; the pool
  // replaces it on next use.
  pool.on('error', () => undefined);
  try {
    (await pool.connect()).release();
  } catch (err) {
    await pool.end();
    throw new UserError(`cannot open store ${redactUrl(url)}: ${(err as Error).message}`, 'STORE_OPEN');
  }
  return pool;
}

export async function run(db: Queryable, sql: string, params: readonly unknown[] = []): Promise<{ rows: Row[]; rowCount: number }> {
  const res = await db.query(placeholders(sql), [...params]);
  return { rows: res.rows, rowCount: res.rowCount ?? 0 };
}

/** One transaction on one pooled connection: committed when `fn` resolves, rolled back when it throws. */
export async function transaction<T>(pool: pg.Pool, fn: (c: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client as unknown as Queryable);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export const UNIQUE_VIOLATION = '23505';
export const isPgError = (err: unknown, code: string): boolean => (err as { code?: string } | null)?.code === code;
