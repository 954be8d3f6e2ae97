import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composerPackages } from '../../../src/catalog/php/composer-package.ts';

const file = { path: 'composer.lock' };

test('a Composer entry becomes a Packagist package with a namespaced purl', () => {
  const [pkg] = composerPackages([{ entry: { name: 'guzzlehttp/psr7', version: '1.8.3', license: ['MIT'] }, dev: false }], file);
  assert.deepEqual(pkg, {
    name: 'guzzlehttp/psr7',
    version: '1.8.3',
    type: 'composer',
    ecosystem: 'Packagist',
    purl: 'pkg:composer/guzzlehttp/psr7@1.8.3',
    dev: false,
    licenses: ['MIT'],
    locations: [{ path: 'composer.lock' }],
  });
});

test('a leading v is kept as published; a single license string is a one-item list', () => {
  const [pkg] = composerPackages([{ entry: { name: 'symfony/console', version: 'v5.4.0', license: 'MIT or BSD-2-Clause' } }], file);
  assert.equal(pkg.version, 'v5.4.0');
  assert.equal(pkg.purl, 'pkg:composer/symfony/console@v5.4.0');
  assert.deepEqual(pkg.licenses, ['MIT or BSD-2-Clause']);
  assert.equal(pkg.dev, undefined);
});

test('branch checkouts, entries without a vendor/name and non-objects are skipped', () => {
  const pkgs = composerPackages(
    [
      { entry: { name: 'acme/lib', version: 'dev-main' } },
      { entry: { name: 'acme/lib', version: '2.x-dev' } },
      { entry: { name: 'php', version: '8.2.0' } },
      { entry: { name: 'acme/nover' } },
      { entry: 'acme/str' },
      { entry: { name: 'acme/ok', version: '1.0.0' } },
    ],
    file,
  );
  assert.deepEqual(pkgs.map((p) => p.name), ['acme/ok']);
});
