import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installedMetadataCataloger as cataloger, parseHeaders } from '../../../src/catalog/python/installed-metadata.ts';
import { syft, trivy } from '../../../test-support/fixtures.ts';
import { runCataloger, runOnBytes } from '../../../test-support/run-cataloger.ts';

const info = { size: 1, mode: 0o644 };
const packaging = (f: string) => trivy('pkg/dependency/parser/python/packaging/testdata', f);
const asMetadata = (f: string) => runCataloger(cataloger, packaging(f), 'usr/lib/python3/site-packages/x-1.0.dist-info/METADATA');

test('wants dist-info METADATA, egg-info PKG-INFO, EGG-INFO in eggs and bare egg-info files', () => {
  for (const p of [
    'usr/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA',
    'usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO',
    'usr/lib/python2.7/dist-packages/Python-2.7.egg-info',
    'site-packages/monotonic-1.6-py3.10.egg/EGG-INFO/PKG-INFO',
    'site-packages/v.DIST-INFO/METADATA',
  ]) {
    assert.equal(cataloger.wants(p, info), true, p);
  }
  for (const p of ['site-packages/x.dist-info/RECORD', 'site-packages/x/METADATA', 'site-packages/x.egg-info/top_level.txt', 'PKG-INFO']) {
    assert.equal(cataloger.wants(p, info), false, p);
  }
});

test('Trivy packaging fixtures: name, version and license from each metadata style', async () => {
  const cases: [string, string, string, string[] | undefined][] = [
    ['iniconfig-2.0.0.METADATA', 'iniconfig', '2.0.0', ['MIT']], // License-Expression wins
    ['distlib-0.3.1.METADATA', 'distlib', '0.3.1', ['Python license']],
    ['distlib-0.3.1-py3.9.egg-info', 'distlib', '0.3.1', ['Python license']],
    ['asyncssh-2.14.2.METADATA', 'asyncssh', '2.14.2', ['Eclipse Public License v2.0']],
    ['zipp-3.12.1.METADATA', 'zipp', '3.12.1', ['MIT License']], // from the classifier
    ['unidecode-egg-info.PKG-INFO', 'Unidecode', '0.4.1', undefined], // License: UNKNOWN
    ['simple-0.1.0.METADATA', 'simple', '0.1.0', undefined], // "Name: simple " trimmed
  ];
  for (const [f, name, version, licenses] of cases) {
    const { packages, warnings } = await asMetadata(f);
    assert.deepEqual(warnings, [], f);
    assert.deepEqual(packages.map((p) => [p.name, p.version, p.licenses]), [[name, version, licenses]], f);
  }
  const pyphen = await asMetadata('pyphen-0.14.0.METADATA');
  assert.equal(pyphen.packages[0].licenses?.length, 3);
  const unidecode = await asMetadata('unidecode-egg-info.PKG-INFO');
  assert.equal(unidecode.packages[0].purl, 'pkg:pypi/unidecode@0.4.1');
  assert.equal(unidecode.packages[0].ecosystem, 'PyPI');
  assert.equal(unidecode.packages[0].type, 'pypi');
});

test('metadata 1.x: headers after a blank-line-separated Description still count', async () => {
  const { packages } = await asMetadata('setuptools-51.3.3-py3.8.egg-info.PKG-INFO');
  assert.deepEqual(packages[0].licenses, ['MIT License']);
});

test('metadata 2.1+: the body after the headers is description, not headers', () => {
  const headers = parseHeaders('Name: a\nVersion: 1\nLicense: MIT\n\nLicense: not a header\nName: b\n');
  assert.deepEqual(headers.get('name'), ['a']);
  assert.deepEqual(headers.get('license'), ['MIT']);
});

test('a multi-line License is license text, not a name', async () => {
  const text = 'Name: x\nVersion: 1.0\nLicense: Copyright (c) 2020\n        Permission is hereby granted\nClassifier: License :: OSI Approved :: BSD License\n';
  const { packages } = await runOnBytes(cataloger, text, 'x.dist-info/METADATA');
  assert.deepEqual(packages[0].licenses, ['BSD License']);
});

test('syft site-packages fixtures: bare egg-info file and a PKG-INFO with a long HTML summary', async () => {
  const base = 'syft/pkg/cataloger/python/testdata';
  const bare = await runCataloger(cataloger, syft(base, 'site-packages/test/test.egg-info'), 'site-packages/test.egg-info');
  assert.deepEqual(bare.packages.map((p) => `${p.name}@${p.version}`), ['requests@2.22.0']);
  const odd = await runCataloger(cataloger, syft(base, 'site-packages/nested/egg-name/egg-info/PKG-INFO-INVALID'), 'x.egg-info/PKG-INFO');
  assert.deepEqual(odd.packages.map((p) => `${p.name}@${p.version}`), ['mxnet@1.8.0']);
});

test('files without Name and Version warn and report nothing', async () => {
  const { packages, warnings } = await asMetadata('invalid.json');
  assert.equal(packages.length, 0);
  assert.match(warnings[0], /no Name and Version headers/);
});
