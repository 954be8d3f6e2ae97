import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { unpackedCorpus } from '../../../schema/test-support/corpora.ts';
import { renderCycloneDx } from '../../src/report/cyclonedx.ts';
import { readCycloneDx } from '../../src/sbom/cyclonedx.ts';
import { readSbom } from '../../src/sbom/index.ts';
import { packages, report } from '../report/sample-report.ts';

const fixture = (name: string) => join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy/integration/testdata/fixtures/sbom', name);
const triple = (p: { type: string; name: string; version: string }) => `${p.type} ${p.name} ${p.version}`;

test('round trip: a report rendered as CycloneDX reads back into the same packages', () => {
  const sbom = readCycloneDx(JSON.parse(renderCycloneDx(report)), 'x.cdx.json');
  assert.deepEqual(sbom.packages.map(triple).sort(), packages.map(triple).sort());
  assert.equal(sbom.name, report.target.name);
  assert.deepEqual(sbom.os, { id: 'debian', versionId: '12' });
  assert.deepEqual(sbom.warnings, []);
  const byName = new Map(sbom.packages.map((p) => [p.name, p]));
  for (const original of packages) {
    const back = byName.get(original.name)!;
    assert.equal(back.ecosystem, original.ecosystem, original.name);
    assert.deepEqual(back.locations, original.locations.map((l) => ({ path: l.path, layer: l.layer })), original.name);
  }
  assert.deepEqual(byName.get('libssl3')!.source, { name: 'openssl' });
  assert.deepEqual(byName.get('org.apache.logging.log4j:log4j-core')!.licenses, ['Apache-2.0 OR MIT']);
  assert.deepEqual(byName.get('requests')!.licenses, ['Apache 2.0', 'Custom | license']);
});

test("Trivy's centos-7 CycloneDX: rpm packages with epoch, source rpm and the Red Hat 7 ecosystem", async () => {
  const sbom = await readSbom(fixture('centos-7-cyclonedx.json'));
  assert.equal(sbom.name, 'integration/testdata/fixtures/images/centos-7.tar.gz');
  assert.deepEqual(sbom.os, { id: 'centos', versionId: '7.6.1810' });
  assert.deepEqual(sbom.packages.map(triple), ['rpm bash 4.2.46-31.el7', 'rpm openssl-libs 1:1.0.2k-16.el7']);
  const openssl = sbom.packages[1];
  assert.equal(openssl.ecosystem, 'Red Hat:7');
  assert.equal(openssl.arch, 'x86_64');
  assert.deepEqual(openssl.source, { name: 'openssl', version: '1:1.0.2k-16.el7' });
  assert.deepEqual(sbom.warnings, []);
});

test("Trivy's fluentd image: Debian packages by source, gems with their gemspec location", async () => {
  const sbom = await readSbom(fixture('fluentd-multiple-lockfiles-cyclonedx.json'));
  assert.deepEqual(sbom.os, { id: 'debian', versionId: '10.2' });
  const byName = new Map(sbom.packages.map((p) => [p.name, p]));
  const libidn = byName.get('libidn2-0')!;
  assert.equal(libidn.ecosystem, 'Debian:10');
  assert.deepEqual(libidn.source, { name: 'libidn2', version: '2.0.5-1' });
  const gem = byName.get('activesupport')!;
  assert.equal(triple(gem), 'gem activesupport 6.0.2.1');
  assert.equal(gem.ecosystem, 'RubyGems');
  assert.deepEqual(gem.licenses, ['MIT']);
  assert.equal(gem.locations[0].path, 'var/lib/gems/2.5.0/specifications/activesupport-6.0.2.1.gemspec');
  assert.match(gem.locations[0].layer ?? '', /^sha256:/);
});

test("Trivy's Maven project SBOM: group:artifact names, license ids and names", async () => {
  const sbom = await readSbom(fixture('license-cyclonedx.json'));
  assert.equal(sbom.os, undefined);
  const byName = new Map(sbom.packages.map((p) => [p.name, p]));
  assert.equal(byName.get('org.ow2.asm:asm')?.version, '9.5');
  assert.deepEqual(byName.get('org.ow2.asm:asm')?.licenses, ['BSD-3-Clause']);
  assert.deepEqual(byName.get('org.slf4j:slf4j-api')?.licenses, ['MIT License']);
  assert.ok(sbom.packages.every((p) => p.type === 'maven' && p.ecosystem === 'Maven'));
});

test("Trivy's Kubernetes BOM: nested components, unsupported purl types counted, not guessed", async () => {
  const sbom = await readSbom(fixture('minikube-kbom.json'));
  assert.deepEqual(sbom.os, { id: 'ubuntu', versionId: '22.04.2' });
  assert.deepEqual(sbom.packages.map(triple), ['golang docker 24.0.4']);
  assert.deepEqual(sbom.warnings, ['5 SBOM component(s) of purl type k8s skipped', '6 SBOM component(s) of purl type oci skipped']);
});

test('libraries without purl are counted; grouping components without purl are not', () => {
  const sbom = readCycloneDx(
    {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      metadata: { component: { type: 'application', name: 'my-app' } },
      components: [
        { type: 'application', name: 'Gemfile.lock', components: [{ type: 'library', name: 'rack', version: '2.0.0', purl: 'pkg:gem/rack@2.0.0' }] },
        { type: 'library', name: 'vendored-thing', version: '1.0' },
        { type: 'library', name: 'broken', purl: 'pkg:' },
        { type: 'library', name: 'no-version', purl: 'pkg:npm/left-pad' },
      ],
    },
    'x.json',
  );
  assert.equal(sbom.name, 'my-app');
  assert.deepEqual(sbom.packages.map(triple), ['gem rack 2.0.0']);
  assert.deepEqual(sbom.warnings, [
    '1 SBOM component(s) without a purl skipped',
    '1 SBOM component(s) with an invalid purl skipped (first: pkg:)',
    '1 SBOM component(s) of purl type npm without version skipped',
  ]);
});
