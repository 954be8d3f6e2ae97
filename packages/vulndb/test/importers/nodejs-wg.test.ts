import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { corpus } from '../../../schema/test-support/corpora.ts';
import { importInto, source } from '../support/temp-db.ts';

test('nodejs/security-wg imports with zero errors; core and deps entries are counted as skipped', async () => {
  const archive = corpus('osv/nodejs-security-wg.tar.gz');
  const { db, summary } = await importInto([archive]);
  assert.deepEqual(summary.errors, []);
  const listing = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).split('\n');
  const runtime = listing.filter((l) => /vuln\/(core|deps)\/\d+\.json$/.test(l)).length;
  const wg = source(summary, 'nodejs-wg');
  assert.equal(wg.skipped['Node.js core/dependency advisory (not an npm package)'], runtime);
  assert.ok(wg.advisories > 400);
  assert.equal(wg.advisories, wg.affected);

  const [bassmaster] = db.lookup('npm', 'bassmaster');
  assert.equal(bassmaster.advisory.id, 'NSWG-ECO-1');
  assert.deepEqual(bassmaster.advisory.aliases, ['CVE-2014-7205']);
  assert.deepEqual(bassmaster.affected.ranges, [{ type: 'SEMVER', events: [{ introduced: '0' }, { last_affected: '1.5.1' }] }]);
  assert.equal(bassmaster.advisory.cvss[0].score, 6.5);

  // "<3.5.1 || >=4.0.0 <4.1.3 || …": one range per interval
  const mqtt = db.lookup('npm', 'mqtt-packet').find((m) => m.advisory.id === 'NSWG-ECO-500');
  assert.ok(mqtt);
  assert.deepEqual(mqtt.affected.ranges.map((r) => r.events), [
    [{ introduced: '0' }, { fixed: '3.5.1' }],
    [{ introduced: '4.0.0' }, { fixed: '4.1.3' }],
    [{ introduced: '5.0.0' }, { fixed: '5.6.1' }],
    [{ introduced: '6.0.0' }, { fixed: '6.1.2' }],
  ]);
});
