import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pep440Comparator as pep440 } from '../../src/version/pep440.ts';
import { testCorpusFiles } from './corpus-assertions.ts';

testCorpusFiles('pypi', pep440);

test('release phases order as PEP 440 says', () => {
  const ordered = ['1.0.dev0', '1.0a1.dev1', '1.0a1', '1.0b1', '1.0rc1', '1.0', '1.0+local', '1.0.post1.dev1', '1.0.post1', '1.1'];
  for (let i = 1; i < ordered.length; i++) {
    assert.ok(pep440.compare(ordered[i - 1], ordered[i]) < 0, `${ordered[i - 1]} < ${ordered[i]}`);
  }
});

test('spelling variants normalise to the same version', () => {
  assert.equal(pep440.compare('1.0-ALPHA.1', '1.0a1'), 0);
  assert.equal(pep440.compare('v1.0c2', '1.0rc2'), 0);
  assert.equal(pep440.compare('1.0-1', '1.0.post1'), 0);
  assert.equal(pep440.compare('1.0rev', '1.0.post0'), 0);
  assert.equal(pep440.compare('1.0.0.0', '1'), 0);
  assert.ok(pep440.compare('1!0.1', '2024.1') > 0, 'epoch first');
});

test('legacy versions sort before every PEP 440 version but are not valid', () => {
  assert.ok(pep440.compare('2004d', '0.0.1') < 0);
  assert.ok(pep440.compare('1.0-foo', '1.0-goo') < 0);
  assert.ok(!pep440.valid('2004d'));
  assert.ok(pep440.valid(' 1.0.post2.dev3+ubuntu.1 '));
});
