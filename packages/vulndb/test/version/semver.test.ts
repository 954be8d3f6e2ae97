import assert from 'node:assert/strict';
import { test } from 'node:test';
import { semverComparator as semver } from '../../src/version/semver.ts';
import { testCorpusFiles } from './corpus-assertions.ts';

testCorpusFiles('semver', semver);

test('Go pseudo-versions sort by base version, then by commit time', () => {
  const ordered = [
    'v0.0.0-20190101000000-aaaaaaaaaaaa',
    'v0.0.0-20240101000000-000000000000',
    'v0.1.0',
    'v1.2.3',
    'v1.2.4-0.20200101000000-bbbbbbbbbbbb',
    'v1.2.4-0.20210101000000-aaaaaaaaaaaa',
    'v1.2.4',
  ];
  for (let i = 1; i < ordered.length; i++) {
    assert.ok(semver.compare(ordered[i - 1], ordered[i]) < 0, `${ordered[i - 1]} < ${ordered[i]}`);
  }
  assert.ok(semver.compare('v1.2.4-pre.0.20200101000000-bbbbbbbbbbbb', 'v1.2.4-pre') > 0);
});

test('Go +incompatible and Cargo build metadata do not change the order', () => {
  assert.equal(semver.compare('v2.0.0+incompatible', '2.0.0'), 0);
  assert.ok(semver.compare('v2.1.0+incompatible', 'v2.0.5') > 0);
  assert.equal(semver.compare('0.4.1+zstd.1.5.2', '0.4.1'), 0);
});

test('valid accepts semantic versions with or without v, rejects the rest', () => {
  for (const v of ['1.2.3', 'v1.2.3-rc.1+build.5', 'v0.0.0-20190101000000-aaaaaaaaaaaa', '1.2']) assert.ok(semver.valid(v), v);
  for (const v of ['', 'latest', '1.2.3-', '1.2.3.4', '1.2.3-a..b', '^1.2.3']) assert.ok(!semver.valid(v), v);
});

test('strings that are not versions sort below all versions and never throw', () => {
  assert.ok(semver.compare('garbage', '0.0.0') < 0);
  assert.ok(semver.compare('1.0.0', 'garbage') > 0);
  assert.equal(semver.compare('x', 'x'), 0);
});
