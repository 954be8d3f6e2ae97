import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparatorFor, semverComparator } from '../../src/version/index.ts';
import { assertionFiles, failures, readAssertions, schemeOfFile } from './corpus-assertions.ts';

/** The ecosystem each assertion suite of corpora/versions is written for. */
const SUITE_ECOSYSTEM: Record<string, string> = {
  alpine: 'Alpine:v3.19',
  cran: 'CRAN',
  debian: 'Debian:12',
  hackage: 'Hackage',
  maven: 'Maven',
  nuget: 'NuGet',
  packagist: 'Packagist',
  pub: 'Pub',
  pypi: 'PyPI',
  redhat: 'Red Hat:enterprise_linux:9::appstream',
  rubygems: 'RubyGems',
  semver: 'npm',
};

test('every assertion suite passes through comparatorFor of its ecosystem', (t) => {
  const files = assertionFiles();
  assert.ok(files.length >= 19, `found ${files.length} suites`);
  let total = 0;
  for (const file of files) {
    const ecosystem = SUITE_ECOSYSTEM[schemeOfFile(file)];
    assert.ok(ecosystem, `${file}: no ecosystem known for this suite`);
    const cmp = comparatorFor(ecosystem);
    assert.ok(cmp, `${file}: no comparator for ${ecosystem}`);
    const assertions = readAssertions(file);
    assert.deepEqual(failures(cmp, assertions), [], file);
    total += assertions.length;
  }
  t.diagnostic(`${total} version-order assertions in ${files.length} suites hold`);
});

test('ecosystems map to their schemes, whatever the release suffix', () => {
  const scheme = (e: string): string | undefined => comparatorFor(e)?.name;
  assert.equal(scheme('Debian:12'), 'dpkg');
  assert.equal(scheme('Ubuntu:22.04:LTS'), 'dpkg');
  for (const e of ['Alpine:v3.20', 'Wolfi', 'Chainguard']) assert.equal(scheme(e), 'apk', e);
  for (const e of ['Red Hat:rhel_aus:8.4::appstream', 'Rocky Linux:9', 'AlmaLinux:8', 'openSUSE:Leap 15.5', 'SUSE:Linux Enterprise Server 15 SP5', 'Mageia:9', 'openEuler:22.03-LTS', 'Oracle Linux:9', 'Amazon Linux:2023', 'CentOS:7', 'Fedora:40']) {
    assert.equal(scheme(e), 'rpm', e);
  }
  assert.equal(scheme('PyPI'), 'pep440');
  assert.equal(scheme('Maven'), 'maven');
  for (const e of ['npm', 'Go', 'crates.io']) assert.equal(comparatorFor(e), semverComparator, e);
  assert.equal(scheme('RubyGems'), 'rubygems');
  assert.equal(scheme('Packagist'), 'packagist');
  assert.equal(scheme('NuGet'), 'nuget');
  assert.equal(scheme('CRAN'), 'cran');
  assert.equal(scheme('Pub'), 'pub');
  assert.equal(scheme('Hackage'), 'hackage');
});

test('unknown ecosystems have no comparator', () => {
  assert.equal(comparatorFor('GIT'), undefined);
  assert.equal(comparatorFor(''), undefined);
  assert.equal(comparatorFor('debian'), undefined, 'OSV ecosystem names are case-sensitive');
});
