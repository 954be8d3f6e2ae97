import { test } from 'node:test';
import assert from 'node:assert/strict';
import { npmLicenses } from '../../../src/catalog/javascript/licenses.ts';

test('license field forms: SPDX string, {type}, arrays of either, legacy "licenses"', () => {
  assert.deepEqual(npmLicenses('(MIT OR Apache-2.0)'), ['(MIT OR Apache-2.0)']);
  assert.deepEqual(npmLicenses({ type: 'ISC', url: 'x' }), ['ISC']);
  assert.deepEqual(npmLicenses(undefined, [{ type: 'MIT' }, 'BSD-2-Clause']), ['MIT', 'BSD-2-Clause']);
  assert.deepEqual(npmLicenses('MIT', [{ type: 'MIT' }]), ['MIT'], 'no duplicates');
});

test('empty or meaningless values give no licenses', () => {
  for (const v of [null, undefined, 42, '', '  ', [], [{ type: '' }], { foo: 'bar' }]) assert.equal(npmLicenses(v), undefined);
});
