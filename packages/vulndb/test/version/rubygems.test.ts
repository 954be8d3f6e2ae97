import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rubygemsComparator as gem } from '../../src/version/rubygems.ts';
import { testCorpusFiles } from './corpus-assertions.ts';

testCorpusFiles('rubygems', gem);

test('letters make a pre-release; trailing zeros are insignificant', () => {
  assert.ok(gem.compare('7.0.0.rc1', '7.0.0') < 0);
  assert.ok(gem.compare('7.0.0.beta2', '7.0.0.rc1') < 0);
  assert.equal(gem.compare('1.2.0', '1.2'), 0);
  assert.equal(gem.compare('1.2.a.0', '1.2.a'), 0);
  assert.equal(gem.compare('1.0-rc1', '1.0.pre.rc1'), 0, 'a hyphen reads as .pre.');
});

test('words compare case-sensitively, as Ruby strings do', () => {
  assert.ok(gem.compare('1.0.B', '1.0.a') < 0);
});

test('valid follows Gem::Version', () => {
  for (const v of ['1.2.3', '7.0.0.rc1', '1.0-beta.2']) assert.ok(gem.valid(v), v);
  for (const v of ['', 'abc', '1..2', '1.2.3 4']) assert.ok(!gem.valid(v), v);
});
