import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '@vigil/schema';
import { mergeDuplicates } from '../src/packages.ts';

const npm = (path: string, extra: Partial<Package> = {}): Package => ({
  name: 'lodash',
  version: '4.17.20',
  type: 'npm',
  ecosystem: 'npm',
  locations: [{ path }],
  ...extra,
});

test('the same package from a lockfile and node_modules becomes one package with both locations', () => {
  const out = mergeDuplicates([npm('app/package-lock.json', { dev: true }), npm('app/node_modules/lodash/package.json')]);
  assert.equal(out.length, 1);
  assert.deepEqual(out[0].locations.map((l) => l.path), ['app/package-lock.json', 'app/node_modules/lodash/package.json']);
  assert.ok(!out[0].dev, 'installed for production somewhere: not dev-only');
});

test('different versions, ecosystems or sources stay apart', () => {
  const out = mergeDuplicates([
    npm('a'),
    npm('b', { version: '4.17.21' }),
    npm('c', { type: 'pypi', ecosystem: 'PyPI' }),
    { name: 'libssl3', version: '3.0.11-1', type: 'deb', ecosystem: 'Debian:12', source: { name: 'openssl' }, locations: [{ path: 's' }] },
    { name: 'libssl3', version: '3.0.11-1', type: 'deb', ecosystem: 'Debian:12', source: { name: 'openssl-x' }, locations: [{ path: 's' }] },
  ]);
  assert.equal(out.length, 5);
});

test('the same location is not listed twice', () => {
  const out = mergeDuplicates([npm('x'), npm('x')]);
  assert.deepEqual(out[0].locations, [{ path: 'x' }]);
});

test('root and dependency edges survive the merge from whichever listing states them', () => {
  const out = mergeDuplicates([
    npm('app/node_modules/lodash/package.json'),
    npm('app/package-lock.json', { root: true, dependsOn: ['a@1.0.0'] }),
    npm('app/yarn.lock', { dependsOn: ['b@2.0.0', 'a@1.0.0'] }),
  ]);
  assert.equal(out[0].root, true);
  assert.deepEqual(out[0].dependsOn, ['a@1.0.0', 'b@2.0.0']);
});
