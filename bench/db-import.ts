/**
 * Import the whole osv corpus (Go, PyPI, RustSec, nodejs-wg, samples) into a fresh advisory DB.
 * Baseline, in the same process: read and parse every file the same way, without converting or
 * storing. Target: < 30 s for the import.
 *   node --import tsx bench/db-import.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpus } from '../packages/schema/test-support/corpora.ts';
import { importPaths } from '../packages/vulndb/src/importers/index.ts';
import { parseByName } from '../packages/vulndb/src/importers/parse.ts';
import { walkInputs } from '../packages/vulndb/src/importers/walk.ts';
import { openAdvisoryDb } from '../packages/vulndb/src/store.ts';

const target = corpus('osv');
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

let start = process.hrtime.bigint();
let files = 0;
for await (const input of walkInputs(target)) {
  if ('data' in input) {
    parseByName(input.path, input.data);
    files++;
  }
}
const baseline = seconds(start);

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-import-'));
try {
  const db = openAdvisoryDb(join(dir, 'vulndb.sqlite'));
  start = process.hrtime.bigint();
  const summary = await importPaths(db, [target]);
  const imported = seconds(start);
  const stats = db.stats();
  db.close();
  console.log(`files: ${files}, advisories: ${stats.advisories}, affected rows: ${stats.affected}, errors: ${summary.errors.length}`);
  console.log(`baseline (read + parse only): ${baseline.toFixed(2)} s`);
  console.log(`import into SQLite:           ${imported.toFixed(2)} s  (target < 30 s)`);
  console.log(`ratio import / baseline:      ${(imported / baseline).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
