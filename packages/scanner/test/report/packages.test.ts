import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Package } from '@vigil/schema';
import { isOsPackage, packageKey, packagePurl } from '../../src/report/packages.ts';

const pkg = (p: Partial<Package>): Package => ({ name: 'x', version: '1.0', type: 'npm', ecosystem: 'npm', locations: [], ...p });

test('the cataloger purl is kept as given', () => {
  const purl = 'pkg:deb/debian/libssl3@3.0.11-1?arch=amd64&distro=debian-12';
  assert.equal(packagePurl(pkg({ type: 'deb', purl })), purl);
});

test('purls are built with the namespace each type keeps in the name', () => {
  assert.equal(packagePurl(pkg({ name: '@babel/core', version: '7.0.0' })), 'pkg:npm/%40babel/core@7.0.0');
  assert.equal(packagePurl(pkg({ name: 'lodash', version: '4.17.21' })), 'pkg:npm/lodash@4.17.21');
  assert.equal(packagePurl(pkg({ type: 'maven', name: 'org.apache.commons:commons-text', version: '1.9' })), 'pkg:maven/org.apache.commons/commons-text@1.9');
  assert.equal(packagePurl(pkg({ type: 'golang', name: 'github.com/gin-gonic/gin', version: 'v1.9.0' })), 'pkg:golang/github.com/gin-gonic/gin@v1.9.0');
  assert.equal(packagePurl(pkg({ type: 'composer', name: 'symfony/http-kernel', version: 'v6.0.0' })), 'pkg:composer/symfony/http-kernel@v6.0.0');
  assert.equal(packagePurl(pkg({ type: 'pypi', name: 'Django', version: '4.2' })), 'pkg:pypi/django@4.2');
  assert.equal(packagePurl(pkg({ type: 'cargo', name: 'serde', version: '' })), 'pkg:cargo/serde');
});

test('a name the purl type rejects falls back to a generic purl instead of failing the report', () => {
  assert.equal(packagePurl(pkg({ type: 'maven', name: 'log4j-core', version: '2.14.1' })), 'pkg:generic/log4j-core@2.14.1');
});

test('OS package types and package identity', () => {
  assert.ok(isOsPackage('deb') && isOsPackage('apk') && isOsPackage('rpm'));
  assert.ok(!isOsPackage('npm'));
  assert.equal(packageKey(pkg({})), packageKey({ name: 'x', version: '1.0', type: 'npm', ecosystem: 'npm' }));
  assert.notEqual(packageKey(pkg({})), packageKey(pkg({ version: '1.1' })));
});
