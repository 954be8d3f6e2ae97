import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { corpus } from '../../../schema/test-support/corpora.ts';
import { importInto, source } from '../support/temp-db.ts';

function tarCount(archive: string, pattern: RegExp): number {
  return execFileSync('tar', ['-tzf', archive], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\n')
    .filter((l) => pattern.test(l)).length;
}

test('Go vulndb and PyPA archives import with zero errors, one advisory per record file', async () => {
  for (const [archive, pattern, ecosystem] of [
    ['osv/go.tar.gz', /GO-.*\.json$/, 'Go'],
    ['osv/pypi.tar.gz', /PYSEC-.*\.yaml$/, 'PyPI'],
  ] as const) {
    const { db, summary } = await importInto([corpus(archive)]);
    assert.deepEqual(summary.errors, []);
    const osv = source(summary, 'osv');
    const files = tarCount(corpus(archive), pattern);
    assert.equal(osv.files, files);
    assert.equal(osv.advisories, files, 'ids are unique in these databases');
    assert.ok(osv.affected >= files * 0.95, `${osv.affected} affected rows for ${files} files`);
    assert.ok(db.stats().ecosystems.some((e) => e.ecosystem === ecosystem && e.packages > 100));
  }
});

test('YAML versions stay strings (1.10 is not 1.1)', async () => {
  const { db } = await importInto([corpus('osv/pypi.tar.gz')]);
  const versions = db
    .lookup('PyPI', 'django')
    .flatMap((m) => m.affected.ranges.flatMap((r) => r.events.map((e) => Object.values(e)[0])));
  assert.ok(versions.length > 50);
  assert.ok(versions.every((v) => typeof v === 'string'));
  assert.ok(versions.some((v) => /^\d+\.\d+0$/.test(v)), 'a version ending in 0 after the dot survives');
});

test('OSV samples: zero errors, withdrawn kept and flagged, GIT ranges dropped, empty ids from the file name', async () => {
  const { db, summary } = await importInto([corpus('osv/samples')]);
  assert.deepEqual(summary.errors, []);
  const osv = source(summary, 'osv');
  assert.ok(osv.advisories >= 45);
  assert.ok(osv.skipped['affected entry with no ECOSYSTEM/SEMVER range and no versions'] > 0);

  // PYSEC-2021-63 appears twice with the same modified time; the withdrawn copy wins.
  assert.equal(db.isWithdrawn('PYSEC-2021-63'), true);
  const crypto = db.lookup('PyPI', 'cryptography');
  assert.equal(crypto.length, 1);
  assert.ok(crypto[0].advisory.withdrawn);
  assert.deepEqual(crypto[0].advisory.aliases, ['CVE-2020-36242']);

  // GIT-only ranges with explicit versions keep the versions and no range.
  const go = db.lookup('Go', 'blah.com/package');
  assert.ok(go.length > 0);
  assert.ok(go.every((m) => m.affected.ranges.length === 0 && m.affected.versions.length > 0));
  assert.ok(go.some((m) => m.advisory.id === 'OSV-0000-abc'), 'empty id falls back to the file stem');

  // Mixed GIT + ECOSYSTEM ranges keep only the ECOSYSTEM one.
  const grpc = db.lookup('PyPI', 'grpcio');
  assert.ok(grpc.length > 0 && grpc.every((m) => m.affected.ranges.every((r) => r.type !== ('GIT' as string))));

  // A name present in two ecosystems is never returned across them.
  assert.deepEqual(db.lookup('PyPI', 'demo-lib').map((m) => m.affected.ecosystem), ['PyPI']);
  assert.deepEqual(db.lookup('npm', 'demo-lib').map((m) => m.affected.ecosystem), ['npm']);

  // Distro ecosystems are kept as given, CVSS scored from the vector.
  assert.equal(db.lookup('Debian:7', 'nginx')[0].advisory.id, 'DSA-3029-1');
  const ghsa = db.lookup('Maven', 'org.apache.any23:apache-any23')[0].advisory;
  assert.equal(ghsa.cvss[0].version, '3.1');
  assert.equal(typeof ghsa.cvss[0].score, 'number');
  assert.ok(ghsa.severity, 'database_specific.severity kept');
  assert.equal(db.lookup('Ubuntu:Pro:14.04:LTS', 'linux')[0].advisory.severity !== undefined, true);
});
