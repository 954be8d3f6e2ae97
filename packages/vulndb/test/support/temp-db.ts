/** A throw-away advisory database per test file, and a one-call import into it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { type ImportSummary, importPaths } from '../../src/importers/index.ts';
import { type AdvisoryDb, openAdvisoryDb } from '../../src/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-vulndb-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;

export function tempDir(): string {
  return dir;
}

export function tempDb(): AdvisoryDb {
  const db = openAdvisoryDb(join(dir, `db-${count++}.sqlite`));
  after(() => db.close());
  return db;
}

export async function importInto(paths: string[]): Promise<{ db: AdvisoryDb; summary: ImportSummary }> {
  const db = tempDb();
  const summary = await importPaths(db, paths);
  return { db, summary };
}

export function source(summary: ImportSummary, name: string) {
  const found = summary.sources.find((s) => s.name === name);
  if (!found) throw new Error(`no ${name} source in ${JSON.stringify(summary.sources.map((s) => s.name))}`);
  return found;
}
