import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Package } from '@vigil/schema';
import { importPaths, openAdvisoryDb } from '@vigil/vulndb';
import { unpackedCorpus } from '../../../schema/test-support/corpora.ts';
import { matchPackages } from '../../src/match/matcher.ts';
import { readSbom } from '../../src/sbom/index.ts';
import { MemoryDb, advisory, range } from './memory-db.ts';

function pkg(p: Partial<Package> & Pick<Package, 'name' | 'version' | 'type' | 'ecosystem'>): Package {
  return { locations: [{ path: 'lock' }], ...p };
}

const summary = (db: MemoryDb, packages: Package[]) =>
  matchPackages(packages, db).map((f) => `${f.package.name}@${f.installedVersion} ${f.id} ${f.status} [${f.fixedVersions.join(',')}]`);

test('a package is looked up only in its own ecosystem; no ecosystem means no lookup at all', () => {
  const db = new MemoryDb([
    advisory('GHSA-npm', { ecosystem: 'npm', name: 'request', ranges: [range('0', '3.0.0')] }),
    advisory('PYSEC-1', { ecosystem: 'PyPI', name: 'request', ranges: [range('0', '3.0.0')] }),
    advisory('DEBIAN-11-ONLY', { ecosystem: 'Debian:11', name: 'openssl', ranges: [range('0', '9.9')] }),
  ]);
  const packages = [
    pkg({ name: 'request', version: '2.88.2', type: 'npm', ecosystem: 'npm' }),
    pkg({ name: 'openssl', version: '3.0.11-1', type: 'deb', ecosystem: 'Debian:12' }),
    pkg({ name: 'openssl', version: '1.1.1n-0', type: 'deb', ecosystem: '' }),
  ];
  assert.deepEqual(summary(db, packages), ['request@2.88.2 GHSA-npm fixed [3.0.0]']);
  assert.ok(db.lookups.every(([eco]) => eco !== ''), 'no lookup without an ecosystem');
  assert.ok(!db.lookups.some(([eco]) => eco === 'PyPI' || eco === 'Debian:11'));
});

test('names are normalised the way the ecosystem compares them', () => {
  const db = new MemoryDb([advisory('PYSEC-2', { ecosystem: 'PyPI', name: 'django-rest-framework', ranges: [range('0', '3.15.2')] })]);
  assert.deepEqual(summary(db, [pkg({ name: 'Django_Rest.Framework', version: '3.14.0', type: 'pypi', ecosystem: 'PyPI' })]), [
    'Django_Rest.Framework@3.14.0 PYSEC-2 fixed [3.15.2]',
  ]);
});

test('deb packages are looked up by source name and compared with the source version; the finding names the binary', () => {
  const db = new MemoryDb([
    // Source gcc-defaults 1.203 builds binary gcc 4:12.2.0-3: the binary version says nothing
    // about the source the advisory is written against.
    advisory('CVE-2099-0001', { ecosystem: 'Debian:12', name: 'gcc-defaults', ranges: [range('0', '1.204')] }),
    advisory('CVE-2099-0002', { ecosystem: 'Debian:12', name: 'libssl3', ranges: [range('0', '9')] }),
    advisory('CVE-2099-0003', { ecosystem: 'Debian:12', name: 'openssl', ranges: [range('0', '3.0.13-1~deb12u1')] }),
  ]);
  const findings = matchPackages(
    [
      pkg({ name: 'gcc', version: '4:12.2.0-3', type: 'deb', ecosystem: 'Debian:12', source: { name: 'gcc-defaults', version: '1.203' } }),
      pkg({ name: 'libssl3', version: '3.0.11-1~deb12u2', type: 'deb', ecosystem: 'Debian:12', source: { name: 'openssl' } }),
    ],
    db,
  );
  assert.deepEqual(findings.map((f) => `${f.package.name}@${f.installedVersion} ${f.id}`), ['gcc@4:12.2.0-3 CVE-2099-0001', 'libssl3@3.0.11-1~deb12u2 CVE-2099-0003']);
  assert.deepEqual(findings[0].package.source, { name: 'gcc-defaults', version: '1.203' });
  assert.ok(!db.lookups.some(([, name]) => name === 'libssl3'), 'a binary name is never looked up for deb');
});

test('a binNMU binary (+bN) is compared as its source version', () => {
  // Affected up to and including 2.36-9: the binNMU rebuild 2.36-9+b1 has the same source.
  const db = new MemoryDb([
    advisory('CVE-2099-0004', { ecosystem: 'Debian:12', name: 'glibc', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { last_affected: '2.36-9' }] }] }),
  ]);
  assert.deepEqual(summary(db, [pkg({ name: 'libc6', version: '2.36-9+b1', type: 'deb', ecosystem: 'Debian:12', source: { name: 'glibc' } })]), [
    'libc6@2.36-9+b1 CVE-2099-0004 unfixed []',
  ]);
});

test('apk packages are looked up by origin; rpm packages by source rpm and binary name, with the epoch', () => {
  const db = new MemoryDb([
    advisory('CVE-2099-0005', { ecosystem: 'Alpine:v3.19', name: 'openssl', ranges: [range('0', '3.1.4-r1')] }),
    advisory('CVE-2099-0006', { ecosystem: 'Red Hat:7', name: 'openssl-libs', ranges: [range('0', '1:1.0.2k-19.el7')] }),
    advisory('CVE-2099-0007', { ecosystem: 'Red Hat:7', name: 'openssl', ranges: [range('0', '1:1.0.2k-17.el7')] }),
  ]);
  const findings = summary(db, [
    pkg({ name: 'libcrypto3', version: '3.1.4-r0', type: 'apk', ecosystem: 'Alpine:v3.19', source: { name: 'openssl', version: '3.1.4-r0' } }),
    // The source rpm file name has no epoch; without the binary's epoch 1.0.2k-16 would sort below
    // and above the wrong fixes.
    pkg({ name: 'openssl-libs', version: '1:1.0.2k-16.el7', type: 'rpm', ecosystem: 'Red Hat:7', source: { name: 'openssl', version: '1.0.2k-16.el7' } }),
  ]);
  assert.deepEqual(findings, [
    'libcrypto3@3.1.4-r0 CVE-2099-0005 fixed [3.1.4-r1]',
    'openssl-libs@1:1.0.2k-16.el7 CVE-2099-0006 fixed [1:1.0.2k-19.el7]',
    'openssl-libs@1:1.0.2k-16.el7 CVE-2099-0007 fixed [1:1.0.2k-17.el7]',
  ]);
});

test('withdrawn advisories, and advisories whose alias is withdrawn, are never reported', () => {
  const db = new MemoryDb(
    [
      advisory('GHSA-gone', { ecosystem: 'npm', name: 'a', ranges: [range('0')] }, { withdrawn: '2024-01-01T00:00:00Z' }),
      advisory('GHSA-rejected-cve', { ecosystem: 'npm', name: 'a', ranges: [range('0')] }, { aliases: ['CVE-2099-0008'] }),
      advisory('GHSA-real', { ecosystem: 'npm', name: 'a', ranges: [range('0')] }),
    ],
    ['CVE-2099-0008'],
  );
  assert.deepEqual(summary(db, [pkg({ name: 'a', version: '1.0.0', type: 'npm', ecosystem: 'npm' })]), ['a@1.0.0 GHSA-real unfixed []']);
});

test('status: fixed with fix versions, unfixed without, wont-fix when the vendor declines; not-affected never', () => {
  const db = new MemoryDb([
    advisory('CVE-2099-0010', { ecosystem: 'Debian:12', name: 'curl', status: 'unfixed' }),
    advisory('CVE-2099-0011', { ecosystem: 'Debian:12', name: 'curl', status: 'wont-fix', severity: 'unimportant' }),
    advisory('CVE-2099-0012', { ecosystem: 'Debian:12', name: 'curl', status: 'not-affected' }),
    advisory('CVE-2099-0013', { ecosystem: 'Debian:12', name: 'curl', ranges: [range('0', '7.88.1-10+deb12u5')] }),
    advisory('CVE-2099-0014', { ecosystem: 'Debian:12', name: 'curl', ranges: [range('0', '7.88.1-10')] }),
  ]);
  const findings = matchPackages([pkg({ name: 'curl', version: '7.88.1-10+deb12u4', type: 'deb', ecosystem: 'Debian:12' })], db);
  assert.deepEqual(
    findings.map((f) => `${f.id} ${f.status} [${f.fixedVersions}] ${f.severity.level}`),
    ['CVE-2099-0011 wont-fix [] NEGLIGIBLE', 'CVE-2099-0010 unfixed [] UNKNOWN', 'CVE-2099-0013 fixed [7.88.1-10+deb12u5] UNKNOWN'],
  );
});

test('one finding per vulnerability: aliases merge, the CVE id leads, the richest severity wins', () => {
  const cvss = { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8, source: 'nvd' };
  const db = new MemoryDb([
    advisory('GHSA-aaaa', { ecosystem: 'PyPI', name: 'jinja2', ranges: [range('0', '3.1.3')] }, { aliases: ['CVE-2099-0020'], severity: 'moderate', summary: 'GHSA summary', references: ['https://github.com/advisories/GHSA-aaaa'] }),
    advisory('PYSEC-2099-1', { ecosystem: 'PyPI', name: 'Jinja2', ranges: [range('2.0', '3.1.3'), range('3.2.0', '3.2.1')] }, { aliases: ['GHSA-aaaa'], source: 'pypa', published: '2024-01-11T00:00:00Z' }),
    advisory('CVE-2099-0020', { ecosystem: 'PyPI', name: 'jinja2', ranges: [range('0', '3.1.4')] }, { cvss: [cvss], source: 'nvd', published: '2024-01-10T00:00:00Z', modified: '2024-03-01T00:00:00Z' }),
  ]);
  const findings = matchPackages([pkg({ name: 'Jinja2', version: '3.1.2', type: 'pypi', ecosystem: 'PyPI' })], db);
  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.equal(f.id, 'CVE-2099-0020');
  assert.deepEqual(f.aliases, ['GHSA-aaaa', 'PYSEC-2099-1']);
  assert.deepEqual(f.fixedVersions, ['3.1.3', '3.1.4'], 'union, in version order');
  assert.equal(f.severity.level, 'CRITICAL');
  assert.deepEqual(f.severity.cvss, [cvss]);
  assert.equal(f.severity.vendor, 'moderate');
  assert.equal(f.dataSource, 'nvd', 'the source of the record published under the chosen id');
  assert.equal(f.title, 'GHSA summary');
  assert.equal(f.published, '2024-01-10T00:00:00Z');
  assert.equal(f.modified, '2024-03-01T00:00:00Z');
  assert.deepEqual(f.references, ['https://github.com/advisories/GHSA-aaaa']);
});

test('without a CVE the GHSA id leads; the package vendor word outranks the advisory-wide one', () => {
  const db = new MemoryDb([
    advisory('PYSEC-2099-2', { ecosystem: 'PyPI', name: 'x', ranges: [range('0')] }, { aliases: ['GHSA-bbbb'] }),
    advisory('GHSA-bbbb', { ecosystem: 'PyPI', name: 'x', ranges: [range('0')], severity: 'high' }, { severity: 'low' }),
  ]);
  const [f] = matchPackages([pkg({ name: 'x', version: '1.0', type: 'pypi', ecosystem: 'PyPI' })], db);
  assert.equal(f.id, 'GHSA-bbbb');
  assert.deepEqual(f.aliases, ['PYSEC-2099-2']);
  assert.equal(f.severity.level, 'HIGH');
});

test('a multi-CVE advisory is reported per CVE: folded into CVEs that have records, standing for those that do not', () => {
  const dsa = (aliases: string[]) => advisory('DSA-9999-1', { ecosystem: 'Debian:12', name: 'openssl', ranges: [range('0', '3.0.13-1~deb12u1')] }, { aliases, source: 'debian', summary: 'openssl security update' });
  const cve = (id: string) => advisory(id, { ecosystem: 'Debian:12', name: 'openssl', status: 'unfixed' }, { summary: `${id} summary` });
  const openssl = [pkg({ name: 'openssl', version: '3.0.11-1~deb12u2', type: 'deb', ecosystem: 'Debian:12' })];

  const folded = matchPackages(openssl, new MemoryDb([dsa(['CVE-2099-0031', 'CVE-2099-0032']), cve('CVE-2099-0031'), cve('CVE-2099-0032')]));
  assert.deepEqual(
    folded.map((f) => `${f.id} [${f.aliases}] ${f.status} [${f.fixedVersions}] ${f.title}`),
    [
      'CVE-2099-0031 [DSA-9999-1] fixed [3.0.13-1~deb12u1] CVE-2099-0031 summary',
      'CVE-2099-0032 [DSA-9999-1] fixed [3.0.13-1~deb12u1] CVE-2099-0032 summary',
    ],
  );

  const partly = matchPackages(openssl, new MemoryDb([dsa(['CVE-2099-0031', 'CVE-2099-0033']), cve('CVE-2099-0031')]));
  assert.deepEqual(
    partly.map((f) => `${f.id} [${f.aliases}] ${f.status} [${f.fixedVersions}] ${f.title}`),
    [
      'CVE-2099-0031 [DSA-9999-1] fixed [3.0.13-1~deb12u1] CVE-2099-0031 summary',
      'CVE-2099-0033 [DSA-9999-1] fixed [3.0.13-1~deb12u1] openssl security update',
    ],
  );
});

test('inconsistent alias data never merges two CVEs into one finding', () => {
  const db = new MemoryDb([
    advisory('GHSA-cccc', { ecosystem: 'npm', name: 'y', ranges: [range('0')] }, { aliases: ['CVE-2099-0041'] }),
    advisory('OSV-2099-1', { ecosystem: 'npm', name: 'y', ranges: [range('0')] }, { aliases: ['GHSA-cccc', 'CVE-2099-0042'] }),
    advisory('CVE-2099-0042', { ecosystem: 'npm', name: 'y', ranges: [range('0')] }),
  ]);
  const ids = matchPackages([pkg({ name: 'y', version: '1.0.0', type: 'npm', ecosystem: 'npm' })], db).map((f) => f.id);
  assert.deepEqual(ids, ['CVE-2099-0041', 'CVE-2099-0042']);
});

test('findings are ordered by severity, then package, then id', () => {
  const high = { version: '3.1', vector: 'v', score: 7.5 };
  const db = new MemoryDb([
    advisory('CVE-2099-0052', { ecosystem: 'npm', name: 'b', ranges: [range('0')] }, { cvss: [high] }),
    advisory('CVE-2099-0051', { ecosystem: 'npm', name: 'b', ranges: [range('0')] }, { cvss: [high] }),
    advisory('CVE-2099-0050', { ecosystem: 'npm', name: 'a', ranges: [range('0')] }, { severity: 'low' }),
    advisory('CVE-2099-0053', { ecosystem: 'npm', name: 'a', ranges: [range('0')] }, { cvss: [high] }),
  ]);
  const packages = ['b', 'a'].map((name) => pkg({ name, version: '1.0.0', type: 'npm', ecosystem: 'npm' }));
  assert.deepEqual(
    matchPackages(packages, db).map((f) => `${f.severity.level} ${f.package.name} ${f.id}`),
    ['HIGH a CVE-2099-0053', 'HIGH b CVE-2099-0051', 'HIGH b CVE-2099-0052', 'LOW a CVE-2099-0050'],
  );
});

test("end to end on Trivy's fixtures: its fixture DB and fluentd SBOM give the findings of its golden", async () => {
  const trivy = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy/integration/testdata');
  const db = openAdvisoryDb(join(mkdtempSync(join(tmpdir(), 'vigil-match-')), 'vulndb.sqlite'));
  try {
    await importPaths(db, [join(trivy, 'fixtures/db')]);
    const sbom = await readSbom(join(trivy, 'fixtures/sbom/fluentd-multiple-lockfiles-cyclonedx.json'));
    const findings = matchPackages(sbom.packages, db);
    // integration/testdata/fluentd-multiple-lockfiles.json.golden lists exactly these three.
    assert.deepEqual(findings.map((f) => `${f.package.name}@${f.installedVersion} ${f.id}`).sort(), [
      'activesupport@6.0.2.1 CVE-2020-8165',
      'bash@5.0-4 CVE-2019-18276',
      'libidn2-0@2.0.5-1 CVE-2019-18224',
    ]);
    const libidn = findings.find((f) => f.id === 'CVE-2019-18224')!;
    assert.equal(libidn.status, 'fixed');
    assert.deepEqual(libidn.fixedVersions, ['2.0.5-1+deb10u1']);
    assert.deepEqual(libidn.package.source, { name: 'libidn2', version: '2.0.5-1' });
    assert.equal(findings.find((f) => f.id === 'CVE-2019-18276')!.status, 'unfixed');
  } finally {
    db.close();
  }
});

test('the scanned project itself (root) is never matched, even when a registry package shares its name', () => {
  const db = new MemoryDb([advisory('CVE-2099-0061', { ecosystem: 'npm', name: 'app', ranges: [range('0')] })]);
  const app = (root: boolean) => pkg({ name: 'app', version: '1.0.0', type: 'npm', ecosystem: 'npm', root });
  assert.deepEqual(matchPackages([app(true)], db), []);
  assert.deepEqual(matchPackages([app(false)], db).map((f) => f.id), ['CVE-2099-0061']);
});
