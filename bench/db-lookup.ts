/**
 * Time `lookup()` over 100k random real (ecosystem, name) keys of a DB built from the osv,
 * Debian and Alpine corpora. Baseline, in the same process: a JS Map from the same keys to the
 * same results. Target: well under 1 ms per lookup.
 *   node --import tsx bench/db-lookup.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpus } from '../packages/schema/test-support/corpora.ts';
import { importPaths } from '../packages/vulndb/src/importers/index.ts';
import { openAdvisoryDb } from '../packages/vulndb/src/store.ts';
import type { AffectedMatch } from '../packages/vulndb/src/store-api.ts';
import { seededRandom } from './seeded-random.ts';

const LOOKUPS = 100_000;


function summarize(samples: Float64Array): { mean: number; p99: number } {
  const sorted = Float64Array.from(samples).sort();
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { mean, p99: sorted[Math.floor(sorted.length * 0.99)] };
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-lookup-'));
try {
  const path = join(dir, 'vulndb.sqlite');
  const writer = openAdvisoryDb(path);
  await importPaths(writer, [corpus('osv'), corpus('debian'), corpus('alpine')]);
  writer.close();

  const db = openAdvisoryDb(path, { readonly: true });
  const keys = db.packageKeys();
  const next = seededRandom(42);
  const picks = Array.from({ length: LOOKUPS }, () => keys[Math.floor(next() * keys.length)]);

  const map = new Map<string, AffectedMatch[]>();
  for (const [ecosystem, name] of keys) map.set(`${ecosystem}\0${name}`, db.lookup(ecosystem, name));

  const dbTimes = new Float64Array(LOOKUPS);
  let rows = 0;
  for (const [i, [ecosystem, name]] of picks.entries()) {
    const t = process.hrtime.bigint();
    rows += db.lookup(ecosystem, name).length;
    dbTimes[i] = Number(process.hrtime.bigint() - t) / 1e3;
  }
  const mapTimes = new Float64Array(LOOKUPS);
  let mapRows = 0;
  for (const [i, [ecosystem, name]] of picks.entries()) {
    const t = process.hrtime.bigint();
    mapRows += map.get(`${ecosystem}\0${name}`)!.length;
    mapTimes[i] = Number(process.hrtime.bigint() - t) / 1e3;
  }
  db.close();
  if (rows !== mapRows) throw new Error(`lookup returned ${rows} rows, the map ${mapRows}`);

  const d = summarize(dbTimes);
  const m = summarize(mapTimes);
  console.log(`${keys.length} keys, ${LOOKUPS} lookups, ${(rows / LOOKUPS).toFixed(2)} rows per lookup`);
  console.log(`lookup():        mean ${d.mean.toFixed(1)} µs, p99 ${d.p99.toFixed(1)} µs  (target < 1000 µs)`);
  console.log(`Map baseline:    mean ${m.mean.toFixed(2)} µs, p99 ${m.p99.toFixed(2)} µs`);
  console.log(`ratio lookup / Map (mean): ${(d.mean / m.mean).toFixed(1)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
