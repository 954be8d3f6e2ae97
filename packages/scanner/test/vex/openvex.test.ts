import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isUserError } from '@vigil/schema';
import { unpackedCorpus } from '../../../schema/test-support/corpora.ts';
import { parseOpenVex, readVex } from '../../src/vex/openvex.ts';

const trivyVex = () =>
  join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy/integration/testdata/fixtures/vex/file/openvex.json');

function doc(statements: unknown[]): unknown {
  return { '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://example.test/vex-1', timestamp: '2024-01-01T00:00:00Z', statements };
}

test("reads Trivy's OpenVEX fixture: product, subcomponent, status, justification", async () => {
  const vex = await readVex(trivyVex());
  assert.match(vex.id, /^aquasecurity\/trivy:/);
  assert.equal(vex.statements.length, 1);
  const [s] = vex.statements;
  assert.deepEqual(s.vulnerabilityIds, ['CVE-2022-23628']);
  assert.equal(s.status, 'not_affected');
  assert.equal(s.justification, 'vulnerable_code_not_in_execute_path');
  assert.equal(s.impactStatement, "The vulnerable code isn't called");
  assert.deepEqual(s.products, [
    {
      purl: 'pkg:golang/github.com/testdata/testdata',
      subcomponents: ['pkg:golang/github.com/open-policy-agent/opa@v0.35.0'],
    },
  ]);
  assert.equal(s.timestamp, '2024-07-09T11:38:00.115697+04:00', 'statement inherits the document timestamp');
});

test('vulnerability names include name, @id, its last URL segment and aliases', () => {
  const vex = parseOpenVex(
    doc([
      {
        vulnerability: { name: 'CVE-2023-1', '@id': 'https://nvd.nist.gov/vuln/detail/CVE-2023-1', aliases: ['GHSA-aaaa-bbbb-cccc'] },
        products: [{ '@id': 'https://example.test/product', identifiers: { purl: 'pkg:npm/lodash@4.17.20' } }],
        status: 'fixed',
      },
    ]),
    'x.json',
  );
  const [s] = vex.statements;
  assert.deepEqual(s.vulnerabilityIds, ['CVE-2023-1', 'https://nvd.nist.gov/vuln/detail/CVE-2023-1', 'GHSA-aaaa-bbbb-cccc']);
  assert.equal(s.products[0].purl, 'pkg:npm/lodash@4.17.20', 'identifiers.purl when @id is not a purl');
});

test('the v0.0.x shape (string vulnerability and products, statement subcomponents) is read', () => {
  const vex = parseOpenVex(
    {
      '@context': 'https://openvex.dev/ns',
      '@id': 'legacy',
      statements: [
        {
          vulnerability: 'CVE-2021-44228',
          products: ['pkg:oci/app@sha256%3Aabc'],
          subcomponents: ['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'],
          status: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
        },
      ],
    },
    'legacy.json',
  );
  assert.deepEqual(vex.statements[0].products, [
    { purl: 'pkg:oci/app@sha256%3Aabc', subcomponents: ['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'] },
  ]);
  assert.deepEqual(vex.statements[0].vulnerabilityIds, ['CVE-2021-44228']);
});

test('invalid documents are user errors with the file and statement named', async () => {
  const bad: [unknown, RegExp][] = [
    [[], /not an OpenVEX document/],
    [{ statements: [] }, /no https:\/\/openvex.dev\/ns @context/],
    [{ '@context': 'https://openvex.dev/ns/v0.2.0' }, /"statements" must be a list/],
    [doc([{ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:npm/a' }], status: 'maybe' }]), /statement 1: unknown status "maybe"/],
    [doc([{ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:npm/a' }], status: 'not_affected' }]), /needs a justification/],
    [doc([{ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:npm/a' }], status: 'not_affected', justification: 'trust_me' }]), /unknown justification/],
    [doc([{ vulnerability: {}, products: [{ '@id': 'pkg:npm/a' }], status: 'fixed' }]), /neither name nor @id/],
    [doc([{ vulnerability: { name: 'CVE-1' }, products: [], status: 'fixed' }]), /"products" must be a non-empty list/],
  ];
  for (const [data, message] of bad) {
    assert.throws(() => parseOpenVex(data, 'vex.json'), (err: unknown) => isUserError(err) && message.test(err.message) && err.message.startsWith('vex.json'));
  }
  const dir = mkdtempSync(join(tmpdir(), 'vigil-vex-'));
  writeFileSync(join(dir, 'broken.json'), '{"@context": ');
  await assert.rejects(readVex(join(dir, 'broken.json')), (err: unknown) => isUserError(err) && /not valid JSON/.test(err.message));
  await assert.rejects(readVex(join(dir, 'missing.json')), (err: unknown) => isUserError(err) && /ENOENT/.test(err.message));
});
