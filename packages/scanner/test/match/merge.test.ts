import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Package } from '@vigil/schema';
import { comparatorFor } from '@vigil/vulndb';
import { findingsFor, isCveId, type Candidate } from '../../src/match/merge.ts';

const cmp = comparatorFor('npm')!;
const pkg: Package = { name: 'lodash', version: '4.17.20', type: 'npm', ecosystem: 'npm', purl: 'pkg:npm/lodash@4.17.20', locations: [{ path: 'package-lock.json' }] };

function candidate(id: string, aliases: string[], fixed: string[], extra: Partial<Candidate['advisory']> = {}): Candidate {
  return {
    advisory: { id, aliases, source: 'osv', cvss: [], references: [], ...extra },
    affected: { ecosystem: 'npm', name: 'lodash', status: 'affected', ranges: [], versions: [] },
    fixed,
  };
}

test('CVE ids are recognised case-insensitively and only in their own shape', () => {
  assert.ok(isCveId('CVE-2021-23337') && isCveId('cve-2021-23337'));
  assert.ok(!isCveId('GHSA-35jh-r3h4-6jhm') && !isCveId('CVE-2021') && !isCveId('XCVE-2021-1'));
});

test('no candidates, no findings', () => {
  assert.deepEqual(findingsFor(pkg, [], cmp), []);
});

test('a finding keeps the package identity, its locations and merged fix versions in version order', () => {
  const [f] = findingsFor(pkg, [candidate('GHSA-35jh-r3h4-6jhm', ['cve-2021-23337'], ['4.17.21']), candidate('CVE-2021-23337', [], ['4.17.21', '4.17.3'])], cmp);
  assert.equal(f.id, 'CVE-2021-23337', 'a lower-case alias still joins its CVE');
  assert.deepEqual(f.fixedVersions, ['4.17.3', '4.17.21']);
  assert.deepEqual(f.package, { name: 'lodash', version: '4.17.20', type: 'npm', ecosystem: 'npm', purl: 'pkg:npm/lodash@4.17.20' });
  assert.equal(f.installedVersion, '4.17.20');
  assert.deepEqual(f.locations, pkg.locations);
  assert.equal(f.status, 'fixed');
});

test('a wont-fix member does not contribute fix versions; any fix makes the finding fixed', () => {
  const declined = { ...candidate('CVE-2099-1', [], ['9.9.9']), affected: { ...candidate('x', [], []).affected, status: 'wont-fix' as const } };
  assert.equal(findingsFor(pkg, [declined], cmp)[0].status, 'wont-fix');
  assert.deepEqual(findingsFor(pkg, [declined], cmp)[0].fixedVersions, []);
  const both = findingsFor(pkg, [declined, candidate('GHSA-x', ['CVE-2099-1'], ['4.18.0'])], cmp);
  assert.deepEqual([both[0].status, both[0].fixedVersions], ['fixed', ['4.18.0']]);
});
