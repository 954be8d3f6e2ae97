import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importPaths } from '../../src/importers/index.ts';
import { importInto, source, tempDir } from '../support/temp-db.ts';

function kevFile(name: string, vulnerabilities: unknown[]): string {
  const file = join(tempDir(), name);
  const entry = (v: unknown) => ({
    vendorProject: 'Example',
    product: 'Widget',
    vulnerabilityName: 'Example Widget RCE',
    shortDescription: 'A test entry.',
    requiredAction: 'Apply updates.',
    dueDate: '2024-02-01',
    notes: '',
    cwes: ['CWE-78'],
    ...(v as object),
  });
  writeFileSync(
    file,
    JSON.stringify({ title: 'Test KEV catalog', catalogVersion: '2024.01.11', dateReleased: '2024-01-11T12:00:00.000Z', count: vulnerabilities.length, vulnerabilities: vulnerabilities.map(entry) }),
  );
  return file;
}

test('a KEV catalog fills the known-exploited table, counted per source and in stats', async () => {
  const file = kevFile('known_exploited_vulnerabilities.json', [
    { cveID: 'CVE-2000-0001', dateAdded: '2024-01-10', knownRansomwareCampaignUse: 'Known' },
    { cveID: 'CVE-2000-0002', dateAdded: '2024-01-11', knownRansomwareCampaignUse: 'Unknown' },
    { cveID: 'not-a-cve', dateAdded: '2024-01-11', knownRansomwareCampaignUse: 'Unknown' },
  ]);
  const { db, summary } = await importInto([file]);
  const kev = source(summary, 'cisa-kev');
  assert.equal(kev.advisories, 2);
  assert.deepEqual(kev.errors.map((e) => e.message), ['vulnerabilities[2]: no valid cveID']);
  assert.equal(db.stats().knownExploited, 2);
  assert.equal(db.stats().advisories, 0, 'KEV entries are not advisories');

  assert.deepEqual(db.knownExploited(['GHSA-xxxx', 'CVE-2000-0001']), { cveId: 'CVE-2000-0001', dateAdded: '2024-01-10', ransomware: true });
  assert.deepEqual(db.knownExploited(['CVE-2000-0002']), { cveId: 'CVE-2000-0002', dateAdded: '2024-01-11', ransomware: false });
  assert.equal(db.knownExploited(['CVE-2000-0003']), undefined);

  // A re-import of the same path replaces what it contributed.
  kevFile('known_exploited_vulnerabilities.json', [{ cveID: 'CVE-2000-0003', dateAdded: '2024-02-01', knownRansomwareCampaignUse: 'Unknown' }]);
  await importPaths(db, [file]);
  assert.equal(db.knownExploited(['CVE-2000-0001']), undefined);
  assert.ok(db.knownExploited(['CVE-2000-0003']));
  assert.equal(db.stats().knownExploited, 1);
});
