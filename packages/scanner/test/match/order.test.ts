import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding, SeverityLevel } from '@vigil/schema';
import { compareFindings } from '../../src/match/order.ts';

function finding(id: string, name: string, level: SeverityLevel, version = '1.0.0'): Finding {
  return {
    id,
    aliases: [],
    package: { name, version, type: 'npm', ecosystem: 'npm' },
    installedVersion: version,
    fixedVersions: [],
    severity: { level, cvss: [] },
    status: 'unfixed',
    locations: [{ path: `node_modules/${name}/package.json` }],
    dataSource: 'osv',
  };
}

test('most severe first, then package name, then id, then version', () => {
  const sorted = [
    finding('CVE-2', 'b', 'LOW'),
    finding('CVE-9', 'a', 'UNKNOWN'),
    finding('CVE-3', 'a', 'CRITICAL', '2.0.0'),
    finding('CVE-3', 'a', 'CRITICAL', '1.0.0'),
    finding('CVE-1', 'b', 'CRITICAL'),
    finding('CVE-1', 'a', 'LOW'),
  ].sort(compareFindings);
  assert.deepEqual(
    sorted.map((f) => `${f.severity.level} ${f.package.name} ${f.id} ${f.package.version}`),
    [
      'CRITICAL a CVE-3 1.0.0',
      'CRITICAL a CVE-3 2.0.0',
      'CRITICAL b CVE-1 1.0.0',
      'LOW a CVE-1 1.0.0',
      'LOW b CVE-2 1.0.0',
      'UNKNOWN a CVE-9 1.0.0',
    ],
  );
});
