import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packagistComparator as composer } from '../../src/version/packagist.ts';
import { testCorpusFiles } from './corpus-assertions.ts';

testCorpusFiles('packagist', composer);

test('stability suffixes order dev < alpha < beta < RC < release < patch', () => {
  const ordered = ['2.0.0-dev', '2.0.0-alpha1', '2.0.0-beta2', '2.0.0-RC1', '2.0.0', '2.0.0-p1', '2.0.1'];
  for (let i = 1; i < ordered.length; i++) {
    assert.ok(composer.compare(ordered[i - 1], ordered[i]) < 0, `${ordered[i - 1]} < ${ordered[i]}`);
  }
  assert.equal(composer.compare('2.0.0-patch1', '2.0.0pl1'), 0);
  assert.equal(composer.compare('v2.0.0-b3', '2.0.0-beta3'), 0);
});

test('dev branches sort before releases', () => {
  assert.ok(composer.compare('dev-main', '0.0.1') < 0);
  assert.ok(composer.valid('dev-main'));
  assert.ok(composer.valid('v5.4.0-RC1'));
  assert.ok(!composer.valid('latest'));
});
