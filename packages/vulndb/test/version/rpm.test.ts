import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rpmComparator as rpm, rpmvercmp } from '../../src/version/rpm.ts';
import { testCorpusFiles } from './corpus-assertions.ts';

testCorpusFiles('redhat', rpm);

test('caret sorts after the end of the version but before a further segment', () => {
  assert.ok(rpm.compare('1.0^20230101git1', '1.0') > 0);
  assert.ok(rpm.compare('1.0^20230101git1', '1.0.1') < 0);
  assert.ok(rpm.compare('1.0^git1', '1.0^git1.1') < 0);
  assert.ok(rpm.compare('1.0~rc1^git1', '1.0') < 0);
});

test('tilde sorts before everything, including the end of the version', () => {
  assert.ok(rpmvercmp('1.0~rc1', '1.0') < 0);
  assert.ok(rpmvercmp('1.0~rc1', '1.0~rc1.1') < 0);
  assert.ok(rpmvercmp('1.0~~', '1.0~') < 0);
});

test('epoch, version and release compare in that order', () => {
  assert.ok(rpm.compare('1:1.0-1.el9', '2.0-1.el9') > 0);
  assert.equal(rpm.compare('0:1.0-1.el9', '1.0-1.el9'), 0);
  assert.ok(rpm.compare('1.0-10.el9', '1.0-9.el9_2.1') > 0);
  assert.ok(rpm.compare('3.10.0-1160.el7', '3.10.0-1160.2.1.el7') < 0);
});

test('separators only delimit segments', () => {
  assert.equal(rpmvercmp('1_0', '1.0'), 0);
  assert.equal(rpmvercmp('1..0', '1.0'), 0);
  assert.ok(rpmvercmp('1.0a', '1.0') > 0);
  assert.ok(rpmvercmp('1.a', '1.0') < 0, 'numeric segment is newer than alphabetic');
});

test('valid needs at least one segment in the version', () => {
  assert.ok(rpm.valid('0:2.34-60.el9'));
  assert.ok(!rpm.valid(''));
  assert.ok(!rpm.valid('1:-1'));
  assert.ok(!rpm.valid('1.0 beta'));
});
