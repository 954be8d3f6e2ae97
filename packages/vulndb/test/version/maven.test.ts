import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mavenComparator as maven } from '../../src/version/maven.ts';
import { testCorpusFiles } from './corpus-assertions.ts';

testCorpusFiles('maven', maven);

test('qualifiers order alpha < beta < milestone < rc < snapshot < release < sp < others', () => {
  const ordered = ['2.0-alpha1', '2.0-beta1', '2.0-M1', '2.0-RC1', '2.0-SNAPSHOT', '2.0', '2.0-sp1', '2.0-jre', '2.0-jre8', '2.0-xyz'];
  for (let i = 1; i < ordered.length; i++) {
    assert.ok(maven.compare(ordered[i - 1], ordered[i]) < 0, `${ordered[i - 1]} < ${ordered[i]}`);
  }
});

test('release aliases and trailing nulls vanish', () => {
  for (const v of ['5.3.0.RELEASE', '5.3.0.Final', '5.3-GA', '5.3.0', '5.3-0']) {
    assert.equal(maven.compare(v, '5.3'), 0, v);
  }
  assert.equal(maven.compare('1.0-CR2', '1.0-rc2'), 0);
});

test('a hyphenated part sorts above a dotted qualifier and below a dotted number', () => {
  assert.ok(maven.compare('1.foo', '1-foo') < 0);
  assert.ok(maven.compare('1.0.foo', '1.0-foo') > 0, 'the 0 before a hyphen is trimmed, the dotted one is not');
  assert.ok(maven.compare('1.0-1', '1.0.1') < 0);
  assert.ok(maven.compare('1.0-foo', '1.0-1') < 0);
});

test('qualifier words that name object properties are plain words', () => {
  assert.ok(maven.compare('1.0-constructor1', '1.0-toString1') < 0);
  assert.ok(maven.compare('1.0-__proto__', '1.0') > 0);
});

test('numbers of any length compare by value', () => {
  assert.ok(maven.compare('1.20240101093000', '1.9') > 0);
  assert.ok(maven.compare('99999999999999999999', '100000000000000000000') < 0);
});

test('valid rejects empty and spaced strings', () => {
  assert.ok(maven.valid('2.15.0-rc1'));
  assert.ok(!maven.valid(''));
  assert.ok(!maven.valid('1.0 beta'));
});
