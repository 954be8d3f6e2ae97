import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderCycloneDx } from '../../src/report/cyclonedx.ts';
import { findings, packages, report } from './sample-report.ts';
import { cycloneDx15 } from './schemas.ts';

const validate = cycloneDx15();

type Component = { 'bom-ref': string; type: string; name: string; group?: string; version?: string; purl?: string; licenses?: unknown[]; properties?: { name: string; value: string }[] };

test('validates against the published CycloneDX 1.5 schema, with and without findings', () => {
  const bom = JSON.parse(renderCycloneDx(report));
  assert.deepEqual(validate(bom), []);
  const noFindings = JSON.parse(renderCycloneDx({ ...report, findings: [], database: undefined }));
  assert.deepEqual(validate(noFindings), []);
  assert.equal((noFindings as { vulnerabilities?: unknown }).vulnerabilities, undefined);
  const bare = JSON.parse(renderCycloneDx({ ...report, target: { kind: 'fs', name: '.' }, packages: [], findings: [] }));
  assert.deepEqual(validate(bare), []);
  // The validator does reject what the schema forbids.
  assert.notDeepEqual(validate({ ...bom, components: [{ type: 'bogus', name: 'x' }] }), []);
  assert.notDeepEqual(validate({ ...bom, components: [{ type: 'library', name: 'x', licenses: [{ license: { id: 'Not-A-License' } }] }] }), []);
});

test('metadata names the target; the OS is an operating-system component', () => {
  const bom = JSON.parse(renderCycloneDx(report));
  assert.equal(bom.specVersion, '1.5');
  assert.match(bom.serialNumber, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(bom.serialNumber, JSON.parse(renderCycloneDx(report)).serialNumber, 'same report, same serial');
  assert.equal(bom.metadata.timestamp, '2024-05-01T12:34:56.789Z');
  assert.equal(bom.metadata.component.type, 'container');
  assert.equal(bom.metadata.component.name, 'registry.example/app:1.0');
  assert.ok(bom.metadata.component.properties.some((p: { name: string; value: string }) => p.name === 'vigil:image:id' && p.value === report.target.imageId));
  const os = bom.components.find((c: Component) => c.type === 'operating-system');
  assert.deepEqual(os, { 'bom-ref': 'os:debian@12', type: 'operating-system', name: 'debian', version: '12', description: 'Debian GNU/Linux 12 (bookworm)' });
});

test('components carry purl, bom-ref, licenses, and locations/layers/source as properties', () => {
  const bom = JSON.parse(renderCycloneDx(report));
  const libs: Component[] = bom.components.filter((c: Component) => c.type === 'library');
  assert.equal(libs.length, packages.length);
  const libssl = libs.find((c) => c.name === 'libssl3')!;
  assert.equal(libssl['bom-ref'], packages[0].purl);
  assert.deepEqual(libssl.licenses, [{ license: { id: 'Apache-2.0' } }]);
  const props = (c: Component, name: string) => c.properties!.filter((p) => p.name === name).map((p) => p.value);
  assert.deepEqual(props(libssl, 'vigil:source:name'), ['openssl']);
  assert.deepEqual(props(libssl, 'vigil:location:path'), ['var/lib/dpkg/status']);
  assert.deepEqual(props(libssl, 'vigil:location:layer'), [packages[0].locations[0].layer]);
  const babel = libs.find((c) => c.name === 'traverse')!;
  assert.equal(babel.group, '@babel');
  assert.deepEqual(props(babel, 'vigil:location:path').length, 2);
  assert.deepEqual(props(babel, 'vigil:location:layer').length, 1, 'a layer is listed once');
  const log4j = libs.find((c) => c.name === 'log4j-core')!;
  assert.equal(log4j.group, 'org.apache.logging.log4j');
  assert.equal(log4j.purl, 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', 'built when the cataloger gave none');
  assert.deepEqual(log4j.licenses, [{ expression: 'Apache-2.0 OR MIT' }]);
  const requests = libs.find((c) => c.name === 'requests')!;
  assert.deepEqual(requests.licenses, [{ license: { name: 'Apache 2.0' } }, { license: { name: 'Custom | license' } }]);
  const text = libs.find((c) => c.name === 'golang.org/x/text')!;
  assert.equal(text.group, undefined, 'Go module paths stay whole');
  assert.equal(text.licenses, undefined);
});

test('dependencies: target contains the OS and language packages; the OS contains its packages', () => {
  const bom = JSON.parse(renderCycloneDx(report));
  const deps = new Map(bom.dependencies.map((d: { ref: string; dependsOn: string[] }) => [d.ref, d.dependsOn]));
  assert.deepEqual(deps.get('os:debian@12'), [packages[0].purl, packages[1].purl]);
  assert.equal((deps.get('target') as string[])[0], 'os:debian@12');
  assert.equal((deps.get('target') as string[]).length, 5);
});

test('vulnerabilities: ratings from CVSS and vendor words, aliases as references, affects refs', () => {
  const bom = JSON.parse(renderCycloneDx(report));
  const refs = new Set(bom.components.map((c: Component) => c['bom-ref']));
  assert.deepEqual(bom.vulnerabilities.map((v: { id: string }) => v.id), findings.map((f) => f.id));
  for (const v of bom.vulnerabilities) {
    for (const a of v.affects) assert.ok(refs.has(a.ref), `${v.id} affects unknown ${a.ref}`);
  }
  const log4j = bom.vulnerabilities[0];
  assert.deepEqual(log4j.references, [{ id: 'GHSA-jfh8-c2jp-5v3q', source: { name: 'GHSA' } }]);
  assert.deepEqual(log4j.ratings[0], {
    source: { name: 'nvd' },
    score: 10,
    severity: 'critical',
    method: 'CVSSv31',
    vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
  });
  assert.equal(log4j.recommendation, 'Upgrade org.apache.logging.log4j:log4j-core 2.15.0');
  assert.equal(log4j.published, '2021-12-10T10:15:00.000Z');
  assert.equal(log4j.updated, '2023-04-03T00:00:00.000Z');
  assert.deepEqual(log4j.affects, [{ ref: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', versions: [{ version: '2.14.1', status: 'affected' }] }]);
  const openssl = bom.vulnerabilities[2];
  assert.deepEqual(openssl.ratings, [{ source: { name: 'debian' }, severity: 'info', method: 'other', justification: 'unimportant' }]);
  assert.equal(openssl.recommendation, undefined);
  assert.deepEqual(bom.vulnerabilities[3].ratings, [{ severity: 'unknown', method: 'other' }]);
});

test('one vulnerability entry per id across packages; a finding for an unlisted package still gets a component', () => {
  const stray = { ...findings[0], package: { name: 'org.example:log4j-core-shaded', version: '2.14.1', type: 'maven' as const, ecosystem: 'Maven' }, locations: [{ path: 'x.jar' }] };
  const bom = JSON.parse(renderCycloneDx({ ...report, findings: [...findings, stray] }));
  assert.deepEqual(validate(bom), []);
  const log4j = bom.vulnerabilities.filter((v: { id: string }) => v.id === 'CVE-2021-44228');
  assert.equal(log4j.length, 1);
  assert.equal(log4j[0].affects.length, 2);
  assert.ok(bom.components.some((c: Component) => c['bom-ref'] === 'pkg:maven/org.example/log4j-core-shaded@2.14.1'));
});

test('identical purls get distinct bom-refs', () => {
  const dup = { ...packages[2], version: '7.22.6', locations: [{ path: 'other/package-lock.json' }] };
  const bom = JSON.parse(renderCycloneDx({ ...report, packages: [...packages, dup], findings: [] }));
  assert.deepEqual(validate(bom), []);
  const refs = bom.components.map((c: Component) => c['bom-ref']);
  assert.equal(new Set(refs).size, refs.length);
  assert.ok(refs.includes(`${packages[2].purl}#2`));
});
