/**
 * bench/cis-docker-agreement: Vigil's CIS Docker 1.6.0 results beside docker-bench-security's on
 * the same host, as the share of checks both ran on which they agree. docker-bench's PASS is
 * Vigil's pass; its WARN is Vigil's fail or warn; INFO and NOTE (and Vigil's manual) are advice
 * neither side scores, so those checks are left out. docker-bench-security is not packaged in
 * Debian 12; run it from its repository as root with bash, `bash docker-bench-security.sh -l FILE`
 * (its daemon.json tests are `[[ … ]]`, which fail under dash's `sh`: 2.2, 2.5, 2.9 and 2.12 would
 * not see daemon.json), and pass its JSON log, FILE.json. By default Vigil runs here, after
 * docker-bench, and containers started or stopped in between change the comparison;
 * `--vigil-report` takes a `vigil compliance run --format json` report made alongside instead:
 *   node --import tsx bench/cis-docker-agreement.ts --docker-bench-log log/docker-bench-security.log.json [--vigil-report vigil.json]
 */
import { readFileSync } from 'node:fs';
import { runProfile, type CheckStatus } from '../packages/compliance/src/index.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const logPath = arg('--docker-bench-log');
const reportPath = arg('--vigil-report');
if (!logPath) {
  process.stderr.write('usage: bench/cis-docker-agreement.ts --docker-bench-log FILE [--vigil-report FILE] (docker-bench-security is not packaged in Debian 12)\n');
  process.exit(2);
}

/** `id → PASS|WARN|INFO|NOTE` from docker-bench's log: every object with an id and a result. */
function dockerBenchResults(doc: unknown, out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(doc)) doc.forEach((d) => dockerBenchResults(d, out));
  else if (doc && typeof doc === 'object') {
    const o = doc as Record<string, unknown>;
    if (typeof o.id === 'string' && typeof o.result === 'string') out.set(o.id, o.result.toUpperCase());
    Object.values(o).forEach((v) => dockerBenchResults(v, out));
  }
  return out;
}

const theirs = dockerBenchResults(JSON.parse(readFileSync(logPath, 'utf8')));
const report: { results: { id: string; status: CheckStatus }[] } = reportPath ? JSON.parse(readFileSync(reportPath, 'utf8')) : await runProfile('cis-docker-1.6');
const ours = new Map(report.results.map((r) => [r.id, r.status]));
const scored = (s: CheckStatus) => s !== 'manual';
let both = 0;
let agree = 0;
const differ: string[] = [];
for (const [id, result] of theirs) {
  const mine = ours.get(id);
  if (!mine || !scored(mine) || (result !== 'PASS' && result !== 'WARN')) continue;
  both++;
  if ((result === 'PASS') === (mine === 'pass')) agree++;
  else differ.push(`${id}: docker-bench ${result}, Vigil ${mine}`);
}
console.log(`checks both scored: ${both}; agree: ${agree}; agreement ${(both ? (100 * agree) / both : 0).toFixed(1)} % (goal ≥ 95 %)`);
for (const d of differ) console.log(`  ${d}`);
