import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isUserError } from '@vigil/schema';
import { unpackedCorpus } from '../../../schema/test-support/corpora.ts';
import { parseSbom, readSbom } from '../../src/sbom/index.ts';

const fixture = (name: string) => join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy/integration/testdata/fixtures/sbom', name);
const triple = (p: { type: string; name: string; version: string }) => `${p.type} ${p.name} ${p.version}`;
const userError = (pattern: RegExp) => (err: unknown) => isUserError(err) && pattern.test(err.message) && !err.message.includes('\n');

test("an in-toto DSSE attestation (Trivy's centos-7 .intoto.jsonl) is unwrapped to its CycloneDX predicate", async () => {
  const sbom = await readSbom(fixture('centos-7-cyclonedx.intoto.jsonl'));
  assert.deepEqual(sbom.packages.map(triple), ['rpm bash 4.2.46-31.el7', 'rpm openssl-libs 1:1.0.2k-16.el7']);
  assert.deepEqual(sbom.os, { id: 'centos', versionId: '7.6.1810' });
});

test('a bare in-toto statement is unwrapped too', () => {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    predicateType: 'https://spdx.dev/Document',
    subject: [],
    predicate: { spdxVersion: 'SPDX-2.3', name: 'doc', packages: [{ SPDXID: 'SPDXRef-p', name: 'x', externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:cargo/serde@1.0.0' }] }] },
  };
  assert.deepEqual(parseSbom(JSON.stringify(statement), 's.json').packages.map(triple), ['cargo serde 1.0.0']);
});

test('files that are not JSON SBOMs are user errors with one-line messages', async () => {
  await assert.rejects(readSbom(fixture('centos-7-spdx.txt')), userError(/centos-7-spdx\.txt: not a JSON SBOM/));
  await assert.rejects(readSbom(fixture('missing.json')), userError(/cannot read SBOM .*ENOENT/));
  await assert.rejects(readSbom(join(fixture('.'))), userError(/cannot read SBOM .*EISDIR/));
  assert.throws(() => parseSbom('[1, 2]', 'a.json'), userError(/a\.json: not a CycloneDX or SPDX JSON SBOM/));
  assert.throws(() => parseSbom('{"name": "package.json"}', 'b.json'), userError(/not a CycloneDX or SPDX JSON SBOM/));
  assert.throws(() => parseSbom('{"bomFormat": "CycloneDX", "specVersion": "2.0"}', 'c.json'), userError(/unsupported CycloneDX specVersion "2.0"/));
  assert.throws(() => parseSbom('{"spdxVersion": "SPDX-3.0"}', 'd.json'), userError(/unsupported SPDX-3.0 document/));
  assert.throws(() => parseSbom('{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}', 'e.json'), userError(/SPDX 3 documents are not supported/));
  assert.throws(() => parseSbom('{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": {}}', 'f.json'), userError(/"components" must be a list/));
  assert.throws(() => parseSbom('{"spdxVersion": "SPDX-2.3", "packages": 3}', 'g.json'), userError(/"packages" must be a list/));
  assert.throws(() => parseSbom('{"payloadType": "application/vnd.in-toto+json", "payload": "bm90IGpzb24="}', 'h.json'), userError(/payload is not base64-encoded JSON/));
});

test('a byte-order mark and CRLF line ends are accepted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-sbom-'));
  const path = join(dir, 'bom.json');
  writeFileSync(path, '\uFEFF{"bomFormat": "CycloneDX",\r\n "specVersion": "1.4",\r\n "components": [{"type": "library", "name": "a", "purl": "pkg:nuget/Newtonsoft.Json@13.0.1"}]}\r\n');
  const sbom = await readSbom(path);
  assert.deepEqual(sbom.packages.map(triple), ['nuget Newtonsoft.Json 13.0.1']);
  assert.equal(sbom.name, path, 'the file names an SBOM without a subject');
});
