import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cranComparator as cran, hackageComparator as hackage } from '../../src/version/numeric-sequence.ts';
import { testCorpusFiles } from './corpus-assertions.ts';

testCorpusFiles('cran', cran);
testCorpusFiles('hackage', hackage);

test('CRAN: dots and hyphens both separate; numbers compare by value', () => {
  assert.equal(cran.compare('1.0-2', '1.0.2'), 0);
  assert.ok(cran.compare('0.9-10', '0.9-9') > 0);
  assert.ok(cran.compare('1.0', '1.0-0') < 0);
  assert.ok(cran.valid('1.3-12'));
  assert.ok(!cran.valid('1.3a'));
});

test('Hackage: a longer sequence is above its prefix; only dots separate', () => {
  assert.ok(hackage.compare('2.0', '2.0.0') < 0);
  assert.ok(hackage.compare('0.10.1', '0.9.9.9') > 0);
  assert.ok(!hackage.valid('1.0-2'));
});
