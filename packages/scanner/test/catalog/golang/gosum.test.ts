import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Package } from '@vigil/schema';
import { goSumCataloger, goSumPackages } from '../../../src/catalog/golang/gosum.ts';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';

const trivy = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy');
const scalibrMods = join(unpackedCorpus('fixtures/scalibr.tar.gz'), 'scalibr/extractor/filesystem/language/golang/gomod/testdata');

const summary = (pkgs: Package[]) => pkgs.map((p) => `${p.name}@${p.version}`).sort();

test('wants go.sum files only', () => {
  assert.ok(goSumCataloger.wants('go.sum', { size: 10, mode: 0o644 }));
  assert.ok(goSumCataloger.wants('a/b/go.sum', { size: 10, mode: 0o644 }));
  assert.ok(!goSumCataloger.wants('a/b/go.summary', { size: 10, mode: 0o644 }));
});

test('modules whose source was downloaded, not those only consulted for their go.mod', () => {
  const text = readFileSync(join(trivy, 'integration/testdata/fixtures/repo/gomod/submod2/go.sum'), 'utf8');
  const pkgs = goSumPackages(text, { path: 'submod2/go.sum' });
  assert.deepEqual(summary(pkgs), [
    'github.com/docker/distribution@v2.7.1+incompatible',
    'github.com/pmezard/go-difflib@v1.0.0',
    'github.com/stretchr/testify@v1.7.0',
    'gopkg.in/check.v1@v0.0.0-20161208181325-20d25e280405',
    'gopkg.in/yaml.v3@v3.0.0-20200313102051-9f266ea9e77c',
  ]);
  assert.ok(pkgs.every((p) => p.indirect && p.ecosystem === 'Go' && p.locations[0].path === 'submod2/go.sum'));
});

test('a pre-1.17 module: go.sum supplies what go.mod leaves out', () => {
  const pkgs = goSumPackages(readFileSync(join(scalibrMods, 'indirect-1.16.sum'), 'utf8'), { path: 'go.sum' });
  assert.ok(summary(pkgs).includes('github.com/davecgh/go-spew@v1.1.1'));
  assert.ok(summary(pkgs).includes('golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8'));
  assert.ok(!summary(pkgs).some((p) => p.startsWith('github.com/stretchr/objx')));
});

test('of several downloaded versions, the highest (the one selected) is kept', () => {
  const lines = [
    'example.com/a v1.2.0 h1:x=',
    'example.com/a v1.10.0 h1:x=',
    'example.com/a v1.9.9 h1:x=',
    'example.com/b v1.0.0-rc.1 h1:x=',
    'example.com/b v1.0.0 h1:x=',
    'example.com/b v1.0.0-rc.2 h1:x=',
    'example.com/c v0.0.0-20200101000000-aaaaaaaaaaaa h1:x=',
    'example.com/c v0.0.0-20210101000000-bbbbbbbbbbbb h1:x=',
    'example.com/d v2.0.0+incompatible h1:x=',
    'example.com/d v1.5.0 h1:x=',
    'example.com/e v1.0.0-alpha.1 h1:x=',
    'example.com/e v1.0.0-alpha.beta h1:x=',
    'example.com/f v1.0.0-1 h1:x=',
    'example.com/f v1.0.0-1.1 h1:x=',
    'example.com/g not-a-version h1:x=',
    'example.com/h v3.0.0/go.mod h1:x=',
    'malformed line',
    '',
  ];
  assert.deepEqual(summary(goSumPackages(lines.join('\n'), { path: 'go.sum' })), [
    'example.com/a@v1.10.0',
    'example.com/b@v1.0.0',
    'example.com/c@v0.0.0-20210101000000-bbbbbbbbbbbb',
    'example.com/d@v2.0.0+incompatible',
    'example.com/e@v1.0.0-alpha.beta',
    'example.com/f@v1.0.0-1.1',
  ]);
});
