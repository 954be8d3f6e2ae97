import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SbomCollector } from '../../src/sbom/collector.ts';
import { parsePurl } from '../../src/vex/purl-match.ts';

function add(c: SbomCollector, purl: string) {
  c.add(parsePurl(purl)!, purl, {});
}

test('warnings count what was skipped, one line per reason', () => {
  const c = new SbomCollector(undefined);
  add(c, 'pkg:npm/a@1.0.0');
  add(c, 'pkg:k8s/k8s.io/kubelet@1.27.0');
  add(c, 'pkg:k8s/k8s.io/apiserver@1.27.0');
  add(c, 'pkg:oci/pause@sha256%3Aabc');
  c.withoutPurl();
  c.withoutPurl();
  c.badPurl('pkg:/x');
  const out = c.contents('doc');
  assert.equal(out.packages.length, 1);
  assert.deepEqual(out.warnings, [
    '2 SBOM component(s) without a purl skipped',
    '1 SBOM component(s) with an invalid purl skipped (first: pkg:/x)',
    '2 SBOM component(s) of purl type k8s skipped',
    '1 SBOM component(s) of purl type oci skipped',
  ]);
});

test('the SBOM OS wins; else the first distro qualifier names it', () => {
  const fromQualifier = new SbomCollector(undefined);
  add(fromQualifier, 'pkg:apk/alpine/musl@1.2.4-r2?distro=alpine-3.19.1');
  assert.deepEqual(fromQualifier.contents('x').os, { id: 'alpine', versionId: '3.19.1' });
  const given = new SbomCollector({ id: 'alpine', versionId: '3.18.0' });
  add(given, 'pkg:apk/alpine/musl@1.2.4-r2?distro=alpine-3.19.1');
  assert.deepEqual(given.contents('x').os, { id: 'alpine', versionId: '3.18.0' });
  assert.equal(new SbomCollector(undefined).contents('x').os, undefined);
});
