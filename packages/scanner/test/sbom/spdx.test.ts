import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { unpackedCorpus } from '../../../schema/test-support/corpora.ts';
import { renderSpdx } from '../../src/report/spdx.ts';
import { readSbom } from '../../src/sbom/index.ts';
import { readSpdx } from '../../src/sbom/spdx.ts';
import { packages, report } from '../report/sample-report.ts';

const fixture = (name: string) => join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy/integration/testdata/fixtures/sbom', name);
const triple = (p: { type: string; name: string; version: string }) => `${p.type} ${p.name} ${p.version}`;

test('round trip: a report rendered as SPDX JSON reads back into the same packages', () => {
  const sbom = readSpdx(JSON.parse(renderSpdx(report)), 'x.spdx.json');
  assert.deepEqual(sbom.packages.map(triple).sort(), packages.map(triple).sort());
  assert.equal(sbom.name, report.target.name);
  assert.deepEqual(sbom.os, { id: 'debian', versionId: '12' });
  assert.deepEqual(sbom.warnings, [], 'the target and OS are not counted as packages without purl');
  const byName = new Map(sbom.packages.map((p) => [p.name, p]));
  for (const original of packages) {
    const back = byName.get(original.name)!;
    assert.equal(back.ecosystem, original.ecosystem, original.name);
    assert.deepEqual(back.locations, original.locations.map((l) => ({ path: l.path, layer: l.layer })), original.name);
  }
  assert.deepEqual(byName.get('libssl3')!.source, { name: 'openssl' });
  assert.deepEqual(byName.get('requests')!.licenses, ['Apache 2.0', 'Custom | license'], 'LicenseRefs get their names back');
  assert.deepEqual(byName.get('org.apache.logging.log4j:log4j-core')!.licenses, ['Apache-2.0 OR MIT']);
});

test("Trivy's centos-7 SPDX 2.2: purl versions (with epoch) over versionInfo, OS package, licenses", async () => {
  const sbom = await readSbom(fixture('centos-7-spdx.json'));
  assert.equal(sbom.name, 'integration/testdata/fixtures/images/centos-7.tar.gz');
  assert.deepEqual(sbom.os, { id: 'centos', versionId: '7.6.1810' });
  assert.deepEqual(sbom.packages.map(triple), ['rpm bash 4.2.46-31.el7', 'rpm openssl-libs 1:1.0.2k-16.el7']);
  assert.ok(sbom.packages.every((p) => p.ecosystem === 'Red Hat:7'));
  assert.deepEqual(sbom.packages[0].licenses, ['GPLv3+']);
  assert.deepEqual(sbom.packages[0].source, { name: 'bash', version: '4.2.46-31.el7' });
  assert.deepEqual(sbom.warnings, []);
});

test('without an OS package or distro qualifier, OS packages get no ecosystem', () => {
  const sbom = readSpdx(
    {
      spdxVersion: 'SPDX-2.3',
      name: 'partial',
      packages: [
        { SPDXID: 'SPDXRef-a', name: 'bash', externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:deb/debian/bash@5.2.15-2' }] },
        { SPDXID: 'SPDXRef-b', name: 'lonely', versionInfo: '1.0' },
        { SPDXID: 'SPDXRef-c', name: 'flask', externalRefs: [{ referenceCategory: 'PACKAGE_MANAGER', referenceType: 'purl', referenceLocator: 'pkg:pypi/flask@2.0.0' }], licenseDeclared: 'NOASSERTION', licenseConcluded: 'BSD-3-Clause' },
      ],
    },
    'partial.spdx.json',
  );
  assert.deepEqual(sbom.packages.map((p) => `${triple(p)} [${p.ecosystem}]`), ['deb bash 5.2.15-2 []', 'pypi flask 2.0.0 [PyPI]']);
  assert.deepEqual(sbom.packages[1].licenses, ['BSD-3-Clause'], 'concluded when nothing is declared');
  assert.deepEqual(sbom.warnings, ['1 SBOM component(s) without a purl skipped']);
});
