/**
 * No npm package ships the SPDX 2.3 JSON schema, so these tests check the document against the
 * SPDX 2.3 specification's own rules: mandatory document and package fields, the SPDXID syntax,
 * the creation-time format, and that every relationship names an element of the document.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSpdx } from '../../src/report/spdx.ts';
import { packages, report } from './sample-report.ts';

type SpdxPackage = {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: string;
  filesAnalyzed?: boolean;
  primaryPackagePurpose?: string;
  licenseDeclared?: string;
  licenseConcluded?: string;
  copyrightText?: string;
  sourceInfo?: string;
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string; comment?: string }[];
  annotations?: { annotator: string; annotationDate: string; annotationType: string; comment: string }[];
};
type Relationship = { spdxElementId: string; relationshipType: string; relatedSpdxElement: string };

const SPDX_ID = /^SPDXRef-[A-Za-z0-9.-]+$/;
const SPDX_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function render(r = report) {
  return JSON.parse(renderSpdx(r)) as {
    spdxVersion: string;
    dataLicense: string;
    SPDXID: string;
    name: string;
    documentNamespace: string;
    creationInfo: { created: string; creators: string[] };
    packages: SpdxPackage[];
    relationships: Relationship[];
    hasExtractedLicensingInfos?: { licenseId: string; extractedText: string; name: string }[];
  };
}

test('document fields the SPDX 2.3 specification makes mandatory (clause 6)', () => {
  const doc = render();
  assert.equal(doc.spdxVersion, 'SPDX-2.3');
  assert.equal(doc.dataLicense, 'CC0-1.0');
  assert.equal(doc.SPDXID, 'SPDXRef-DOCUMENT');
  assert.equal(doc.name, 'registry.example/app:1.0');
  assert.doesNotThrow(() => new URL(doc.documentNamespace));
  assert.ok(!doc.documentNamespace.includes('#'), 'namespace must not contain #');
  assert.equal(doc.documentNamespace, render().documentNamespace, 'deterministic for one report');
  assert.equal(doc.creationInfo.created, '2024-05-01T12:34:56Z');
  assert.match(doc.creationInfo.created, SPDX_TIME);
  assert.ok(doc.creationInfo.creators.every((c) => /^(Tool|Organization|Person): \S/.test(c)));
});

test('every package has a valid unique SPDXID, a download location and purl reference', () => {
  const doc = render();
  const ids = doc.packages.map((p) => p.SPDXID);
  assert.equal(new Set(ids).size, ids.length);
  for (const p of doc.packages) {
    assert.match(p.SPDXID, SPDX_ID);
    assert.equal(p.downloadLocation, 'NOASSERTION');
    assert.equal(p.filesAnalyzed, false);
  }
  assert.equal(doc.packages.length, packages.length + 2, 'target, OS and every package');
  const [target, os] = doc.packages;
  assert.equal(target.primaryPackagePurpose, 'CONTAINER');
  assert.deepEqual((target as unknown as { checksums: unknown }).checksums, [{ algorithm: 'SHA256', checksumValue: 'a'.repeat(64) }]);
  assert.equal(os.primaryPackagePurpose, 'OPERATING-SYSTEM');
  assert.equal(os.name, 'debian');
  assert.equal(os.versionInfo, '12');
  const purls = doc.packages.slice(2).map((p) => p.externalRefs!.find((r) => r.referenceType === 'purl')!.referenceLocator);
  assert.deepEqual(purls, [
    packages[0].purl,
    packages[1].purl,
    packages[2].purl,
    'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    packages[4].purl,
    packages[5].purl,
  ]);
  for (const p of doc.packages.slice(2)) assert.equal(p.externalRefs![0].referenceCategory, 'PACKAGE-MANAGER');
});

test('licenses: SPDX ids and expressions as given, other names as LicenseRefs with their text', () => {
  const doc = render();
  const byName = new Map(doc.packages.map((p) => [p.name, p]));
  assert.equal(byName.get('libssl3')!.licenseDeclared, 'Apache-2.0');
  assert.equal(byName.get('org.apache.logging.log4j:log4j-core')!.licenseDeclared, 'Apache-2.0 OR MIT');
  assert.equal(byName.get('requests')!.licenseDeclared, 'LicenseRef-Apache-2.0 AND LicenseRef-Custom-license');
  assert.equal(byName.get('golang.org/x/text')!.licenseDeclared, 'NOASSERTION');
  assert.deepEqual(doc.hasExtractedLicensingInfos, [
    { licenseId: 'LicenseRef-Apache-2.0', extractedText: 'Apache 2.0', name: 'Apache 2.0' },
    { licenseId: 'LicenseRef-Custom-license', extractedText: 'Custom | license', name: 'Custom | license' },
  ]);
  for (const p of doc.packages.slice(2)) assert.equal(p.licenseConcluded, 'NOASSERTION');
});

test('relationships: DESCRIBES the target, which CONTAINS the OS and language packages; the OS CONTAINS its packages', () => {
  const doc = render();
  const ids = new Set(['SPDXRef-DOCUMENT', ...doc.packages.map((p) => p.SPDXID)]);
  for (const r of doc.relationships) {
    assert.ok(ids.has(r.spdxElementId) && ids.has(r.relatedSpdxElement), JSON.stringify(r));
  }
  const [target, os, libssl, zlib, babel] = doc.packages;
  const has = (from: string, type: string, to: string) =>
    doc.relationships.some((r) => r.spdxElementId === from && r.relationshipType === type && r.relatedSpdxElement === to);
  assert.ok(has('SPDXRef-DOCUMENT', 'DESCRIBES', target.SPDXID));
  assert.ok(has(target.SPDXID, 'CONTAINS', os.SPDXID));
  assert.ok(has(os.SPDXID, 'CONTAINS', libssl.SPDXID));
  assert.ok(has(os.SPDXID, 'CONTAINS', zlib.SPDXID));
  assert.ok(has(target.SPDXID, 'CONTAINS', babel.SPDXID));
  assert.ok(!has(target.SPDXID, 'CONTAINS', libssl.SPDXID));
});

test('source package, locations and advisories are kept', () => {
  const doc = render();
  const libssl = doc.packages.find((p) => p.name === 'libssl3')!;
  assert.equal(libssl.sourceInfo, 'built package from: openssl');
  assert.deepEqual(libssl.annotations!.map((a) => a.comment), [
    'vigil:location:path=var/lib/dpkg/status',
    `vigil:location:layer=${packages[0].locations[0].layer}`,
  ]);
  for (const a of libssl.annotations!) {
    assert.equal(a.annotationType, 'OTHER');
    assert.match(a.annotationDate, SPDX_TIME);
  }
  const log4j = doc.packages.find((p) => p.name === 'org.apache.logging.log4j:log4j-core')!;
  assert.deepEqual(log4j.externalRefs![1], {
    referenceCategory: 'SECURITY',
    referenceType: 'advisory',
    referenceLocator: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
    comment: 'CVE-2021-44228',
  });
  assert.equal(doc.packages.find((p) => p.name === 'zlib1g')!.sourceInfo, 'built package from: zlib');
});

test('names that are not valid in SPDXIDs are sanitised and duplicates stay unique', () => {
  const odd = { ...packages[2], name: '@weird/näme with spaces', purl: undefined };
  const doc = render({ ...report, target: { kind: 'fs', name: '/src/my app' }, packages: [odd, odd], findings: [] });
  for (const p of doc.packages) assert.match(p.SPDXID, SPDX_ID);
  assert.equal(new Set(doc.packages.map((p) => p.SPDXID)).size, 3);
  assert.equal(doc.packages[0].primaryPackagePurpose, 'SOURCE');
  assert.doesNotThrow(() => new URL(doc.documentNamespace));
});
