import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apkComparator as apk } from '../../src/version/apk.ts';
import { testCorpusFiles } from './corpus-assertions.ts';

testCorpusFiles('alpine', apk);

test('suffixes: pre-releases before the bare version, post-releases after', () => {
  const ordered = ['1.2_alpha', '1.2_beta2', '1.2_pre1', '1.2_rc1', '1.2', '1.2_cvs', '1.2_svn', '1.2_git1', '1.2_hg', '1.2_p1', '1.2a', '1.2.1'];
  for (let i = 1; i < ordered.length; i++) {
    assert.ok(apk.compare(ordered[i - 1], ordered[i]) < 0, `${ordered[i - 1]} < ${ordered[i]}`);
  }
});

test('revision compares by value and a missing one is r0', () => {
  assert.ok(apk.compare('1.2.3-r9', '1.2.3-r10') < 0);
  assert.equal(apk.compare('1.2.3', '1.2.3-r0'), 0);
  assert.ok(apk.compare('1.2.3-r99', '1.2.4-r0') < 0);
});

test('commit hashes do not order versions', () => {
  assert.equal(apk.compare('1.0_git20230101~abc123-r0', '1.0_git20230101~fed987-r0'), 0);
  assert.ok(apk.valid('1.0_git20230101~abc123-r0'));
});

test('later number components with a leading zero compare as fractions', () => {
  assert.ok(apk.compare('1.01', '1.1') < 0);
  assert.ok(apk.compare('1.05', '1.1') < 0);
  assert.equal(apk.compare('01.2', '1.2'), 0);
});

test('valid accepts the grammar only', () => {
  for (const v of ['3.0.13-r0', '1.2.3b_rc1_p2-r4', '20240101']) assert.ok(apk.valid(v), v);
  for (const v of ['', 'r0', '1.', '1.2-foo', '1.2_blah', '1.2-r1x', '1.2A']) assert.ok(!apk.valid(v), v);
});
