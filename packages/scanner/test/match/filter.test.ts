import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding, FindingStatus, SeverityLevel } from '@vigil/schema';
import { filterFindings } from '../../src/match/filter.ts';

function finding(id: string, level: SeverityLevel, status: FindingStatus): Finding {
  return {
    id,
    aliases: [],
    package: { name: 'openssl', version: '3.0.11-1', type: 'deb', ecosystem: 'Debian:12' },
    installedVersion: '3.0.11-1',
    fixedVersions: status === 'fixed' ? ['3.0.13-1'] : [],
    severity: { level, cvss: [] },
    status,
    locations: [{ path: 'var/lib/dpkg/status' }],
    dataSource: 'debian',
  };
}

const all = [
  finding('CVE-1', 'CRITICAL', 'fixed'),
  finding('CVE-2', 'HIGH', 'unfixed'),
  finding('CVE-3', 'LOW', 'wont-fix'),
  finding('CVE-4', 'UNKNOWN', 'fixed'),
];

test('severities keeps only the listed levels; empty or absent keeps all', () => {
  assert.deepEqual(
    filterFindings(all, { severities: ['HIGH', 'CRITICAL'] }).map((f) => f.id),
    ['CVE-1', 'CVE-2'],
  );
  assert.equal(filterFindings(all, { severities: [] }).length, 4);
  assert.equal(filterFindings(all, {}).length, 4);
});

test('ignoreUnfixed drops unfixed and wont-fix findings', () => {
  assert.deepEqual(
    filterFindings(all, { ignoreUnfixed: true }).map((f) => f.id),
    ['CVE-1', 'CVE-4'],
  );
  assert.deepEqual(
    filterFindings(all, { ignoreUnfixed: true, severities: ['CRITICAL', 'HIGH'] }).map((f) => f.id),
    ['CVE-1'],
  );
});
