import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { unpackedCorpus } from '../../../schema/test-support/corpora.ts';
import { importInto, source } from '../support/temp-db.ts';

const fixtureDb = () => join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy/integration/testdata/fixtures/db');

test('the Trivy fixture DB imports with zero errors; unmapped buckets are counted', async () => {
  const { db, summary } = await importInto([fixtureDb()]);
  assert.deepEqual(summary.errors, []);
  const trivy = source(summary, 'trivy');
  assert.ok(trivy.advisories >= 40);
  assert.equal(trivy.skipped['bucket with no OSV ecosystem (Red Hat)'], 1);

  // npm::… jquery CVE-2019-11358 "< 3.4.0", details from the vulnerability bucket
  const jquery = db.lookup('npm', 'jquery').find((m) => m.advisory.id === 'CVE-2019-11358');
  assert.ok(jquery);
  assert.deepEqual(jquery.affected.ranges, [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '3.4.0' }] }]);
  assert.equal(jquery.advisory.source, 'trivy');
  assert.ok(jquery.advisory.summary);
  assert.ok(jquery.advisory.cvss.length > 0);

  // rubygems: several GHSA-style comma ranges → one range each
  const rails = db.lookup('RubyGems', 'activesupport').find((m) => m.advisory.id === 'CVE-2015-3226');
  assert.ok(rails);
  assert.deepEqual(rails.affected.ranges.map((r) => r.events), [
    [{ introduced: '3.0.0' }, { last_affected: '3.2.22.4' }],
    [{ introduced: '4.2.0' }, { fixed: '4.2.2' }],
    [{ introduced: '4.1.0' }, { fixed: '4.1.11' }],
  ]);
  // ">= 0": everything
  assert.deepEqual(db.lookup('RubyGems', 'http_parser')[0].affected.ranges[0].events, [{ introduced: '0' }]);

  // Maven interval notation and Go's v prefix
  const jackson = db.lookup('Maven', 'com.fasterxml.jackson.core:jackson-databind').find((m) => m.advisory.id === 'CVE-2021-20190');
  assert.deepEqual(jackson?.affected.ranges[0].events, [{ introduced: '2.9.0' }, { fixed: '2.9.10.7' }]);
  const distribution = db.lookup('Go', 'github.com/docker/distribution')[0];
  // Kept as published: the Go comparator takes the `v`, and users paste the fixed version into go.mod.
  assert.deepEqual(distribution.affected.ranges[0].events, [{ introduced: '0' }, { fixed: 'v2.8.0' }]);

  // cargo with PatchedVersions only: the complement, in Cargo syntax
  const ammonia = db.lookup('crates.io', 'ammonia').find((m) => m.advisory.id === 'CVE-2021-38193');
  assert.deepEqual(ammonia?.affected.ranges.map((r) => r.events), [
    [{ introduced: '0' }, { fixed: '2.1.3' }],
    [{ introduced: '3.0.0' }, { fixed: '3.1.0' }],
  ]);

  // OS buckets: fixed versions, vendor ids as aliases, declined and unfixed statuses, numeric severity
  const e2fs = db.lookup('Debian:9', 'e2fsprogs')[0];
  assert.deepEqual(e2fs.affected.ranges[0].events, [{ introduced: '0' }, { fixed: '1.43.4-2+deb9u1' }]);
  assert.ok(e2fs.advisory.aliases.includes('DSA-4535-1'));
  const openssl9 = db.lookup('Debian:9', 'openssl').find((m) => m.advisory.id === 'CVE-2019-1551');
  assert.equal(openssl9?.affected.status, 'wont-fix');
  const bash9 = db.lookup('Debian:9', 'bash')[0].affected;
  assert.equal(bash9.status, 'wont-fix'); // Status 7: end of life
  assert.equal(bash9.severity, 'LOW');
  assert.equal(db.lookup('Debian:10', 'bash')[0].affected.status, 'unfixed');
  assert.ok(db.lookup('Alpine:v3.10', 'openssl').length === 2);
  assert.ok(db.lookup('Alpine:edge', 'git').length === 1);
});
