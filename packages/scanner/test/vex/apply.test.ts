import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Finding } from '@vigil/schema';
import { unpackedCorpus } from '../../../schema/test-support/corpora.ts';
import { applyVex } from '../../src/vex/apply.ts';
import { parseOpenVex, readVex, type VexDocument } from '../../src/vex/openvex.ts';

function finding(id: string, purl: string, aliases: string[] = []): Finding {
  const [, name, version] = /^pkg:[^/]+\/(.+)@([^?]+)/.exec(purl)!;
  return {
    id,
    aliases,
    package: { name, version, type: 'golang', ecosystem: 'Go', purl },
    installedVersion: version,
    fixedVersions: [],
    severity: { level: 'HIGH', cvss: [] },
    status: 'unfixed',
    locations: [{ path: 'go.mod' }],
    dataSource: 'osv',
  };
}

function vex(statements: unknown[], timestamp = '2024-01-01T00:00:00Z'): VexDocument {
  return parseOpenVex({ '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'doc', timestamp, statements }, 'vex.json');
}

const ids = (fs: Finding[]) => fs.map((f) => `${f.id} ${f.package.purl}`);

test("Trivy's fixture suppresses CVE-2022-23628 in opa v0.35.0 only, as in its gomod-vex golden", async () => {
  const doc = await readVex(
    join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy/integration/testdata/fixtures/vex/file/openvex.json'),
  );
  const opa = finding('CVE-2022-23628', 'pkg:golang/github.com/open-policy-agent/opa@v0.35.0');
  const otherVuln = finding('CVE-2022-36085', 'pkg:golang/github.com/open-policy-agent/opa@v0.35.0');
  const otherVersion = finding('CVE-2022-23628', 'pkg:golang/github.com/open-policy-agent/opa@v0.36.0');
  const { kept, suppressed } = applyVex([opa, otherVuln, otherVersion], doc);
  assert.deepEqual(ids(kept), ids([otherVuln, otherVersion]));
  assert.equal(suppressed.length, 1);
  assert.equal(suppressed[0].finding, opa);
  assert.equal(suppressed[0].status, 'not_affected');
  assert.equal(suppressed[0].justification, 'vulnerable_code_not_in_execute_path');
  assert.equal(suppressed[0].impactStatement, "The vulnerable code isn't called");
  assert.match(suppressed[0].document, /^aquasecurity\/trivy:/);
});

test('a statement naming an alias suppresses the finding reported under its CVE id, and vice versa', () => {
  const f = finding('CVE-2023-1', 'pkg:golang/example.com/lib@v1.0.0', ['GHSA-xxxx-yyyy-zzzz']);
  const byAlias = vex([{ vulnerability: { name: 'GHSA-xxxx-yyyy-zzzz' }, products: [{ '@id': 'pkg:golang/example.com/lib' }], status: 'fixed' }]);
  assert.equal(applyVex([f], byAlias).suppressed.length, 1);
  const g = finding('GHSA-xxxx-yyyy-zzzz', 'pkg:golang/example.com/lib@v1.0.0');
  const statementAlias = vex([
    { vulnerability: { name: 'CVE-2023-1', aliases: ['GHSA-xxxx-yyyy-zzzz'] }, products: [{ '@id': 'pkg:golang/example.com/lib' }], status: 'fixed' },
  ]);
  assert.equal(applyVex([g], statementAlias).suppressed.length, 1);
});

test('affected and under_investigation keep findings; a later statement overrides an earlier one', () => {
  const f = finding('CVE-2023-2', 'pkg:golang/example.com/lib@v1.0.0');
  const product = [{ '@id': 'pkg:golang/example.com/lib@v1.0.0' }];
  const notAffected = { vulnerability: { name: 'CVE-2023-2' }, products: product, status: 'not_affected', justification: 'component_not_present' };
  assert.equal(applyVex([f], vex([{ ...notAffected, status: 'under_investigation', justification: undefined }])).kept.length, 1);
  // Re-opened later by timestamp, whatever the order in the file.
  const reopened = vex([
    { ...notAffected, status: 'affected', justification: undefined, timestamp: '2024-03-01T00:00:00Z' },
    { ...notAffected, timestamp: '2024-02-01T00:00:00Z' },
  ]);
  assert.equal(applyVex([f], reopened).kept.length, 1);
  // Equal timestamps: the later statement in the document wins.
  const sameTime = vex([{ ...notAffected, status: 'affected', justification: undefined }, notAffected]);
  assert.equal(applyVex([f], sameTime).suppressed.length, 1);
  // Across documents, too.
  const older = vex([notAffected], '2024-01-01T00:00:00Z');
  const newer = vex([{ ...notAffected, status: 'affected', justification: undefined }], '2024-05-01T00:00:00Z');
  assert.equal(applyVex([f], [newer, older]).kept.length, 1);
});

test('statements about other packages, qualifiers or findings without purl suppress nothing', () => {
  const f = finding('CVE-2023-3', 'pkg:golang/example.com/lib@v1.0.0?goos=linux');
  const statement = (purl: string) =>
    vex([{ vulnerability: { name: 'CVE-2023-3' }, products: [{ '@id': purl }], status: 'not_affected', impact_statement: 'not reachable' }]);
  assert.equal(applyVex([f], statement('pkg:golang/example.com/lib?goos=linux')).suppressed.length, 1);
  assert.equal(applyVex([f], statement('pkg:golang/example.com/lib?goos=windows')).kept.length, 1);
  assert.equal(applyVex([f], statement('pkg:golang/example.com/other')).kept.length, 1);
  assert.equal(applyVex([f], statement('https://example.test/not-a-purl')).kept.length, 1);
  const { purl: _, ...noPurl } = f.package;
  assert.equal(applyVex([{ ...f, package: noPurl }], statement('pkg:golang/example.com/lib')).kept.length, 1);
});
