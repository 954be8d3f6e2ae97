import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dpkgComparator as dpkg } from '../../src/version/dpkg.ts';
import { testCorpusFiles } from './corpus-assertions.ts';

testCorpusFiles('debian', dpkg);

test('tilde sorts before the end of the string, which sorts before anything else', () => {
  assert.ok(dpkg.compare('1.0~rc1', '1.0') < 0);
  assert.ok(dpkg.compare('1.0~~', '1.0~') < 0);
  assert.ok(dpkg.compare('1.0', '1.0a') < 0);
  assert.ok(dpkg.compare('1.0a', '1.0+') < 0);
  assert.ok(dpkg.compare('1.0-1~bpo1', '1.0-1') < 0);
});

test('epoch outranks upstream and revision', () => {
  assert.ok(dpkg.compare('1:0.1', '9.9-9') > 0);
  assert.equal(dpkg.compare('0:1.2-3', '1.2-3'), 0);
});

test('digit runs compare numerically at any length', () => {
  assert.ok(dpkg.compare('1.20240101123456789', '1.9') > 0);
  assert.equal(dpkg.compare('1.007', '1.7'), 0);
});

test('valid rejects what dpkg cannot parse', () => {
  for (const v of ['1.2.3-1', '2:1.0~rc1+dfsg-0ubuntu1', '1.0']) assert.ok(dpkg.valid(v), v);
  for (const v of ['', 'a:1.0', ':1.0', '1.0-', '1.0 beta', '1:']) assert.ok(!dpkg.valid(v), v);
});
