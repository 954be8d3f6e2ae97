/**
 * Throwaway PostgreSQL for tests, on the server at $VIGIL_TEST_PG (default
 * postgres://postgres@127.0.0.1:5432): one database with a random `vsx_` name per test file,
 * and a fresh schema in it for each store (the URL sets its search_path). Schemas are cheap to
 * create; `dropAll` drops the database once at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.VIGIL_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export class TestDatabases {
  private database?: Promise<string>;
  private schemas = 0;

  /** The URL of a new, empty schema. */
  async create(): Promise<string> {
    const db = await (this.database ??= this.createDatabase());
    const schema = `s${++this.schemas}`;
    await query(db, `CREATE SCHEMA ${schema}`);
    const url = new URL(db);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return url.toString();
  }

  async dropAll(): Promise<void> {
    const db = await this.database;
    this.database = undefined;
    if (db) await query(PG_ADMIN_URL, `DROP DATABASE IF EXISTS ${new URL(db).pathname.slice(1)} WITH (FORCE)`);
  }

  private async createDatabase(): Promise<string> {
    const name = `vsx_${randomBytes(6).toString('hex')}`;
    await query(PG_ADMIN_URL, `CREATE DATABASE ${name}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    return url.toString();
  }
}

/** One statement on its own connection. */
export async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
