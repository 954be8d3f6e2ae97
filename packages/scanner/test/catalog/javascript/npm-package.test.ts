import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aliasTarget, isNpmName, isRegistryVersion, npmPackages, npmPurl, splitNameAtVersion } from '../../../src/catalog/javascript/npm-package.ts';

test('registry versions are SemVer; protocol and git references are not', () => {
  for (const v of ['1.2.3', '0.0.0-use.local', '18.0.0-rc.3', '1.0.0+build.7']) assert.equal(isRegistryVersion(v), true, v);
  for (const v of ['file:../x', 'github:u/r#abc', 'link:../y', '1.2', 'latest', '1.2.3(react@18.0.0)', '']) assert.equal(isRegistryVersion(v), false, v);
});

test('names: scoped or not, no whitespace or extra slashes', () => {
  for (const n of ['lodash', '@babel/core', 'JSONStream', 'fs.realpath']) assert.equal(isNpmName(n), true, n);
  for (const n of ['@invalid/packageName/', 'a b', '@scope', 'registry.npmjs.org/foo', '']) assert.equal(isNpmName(n), false, n);
});

test('name@version splits after a leading scope', () => {
  assert.deepEqual(splitNameAtVersion('@types/node@22.15.21'), { name: '@types/node', version: '22.15.21' });
  assert.deepEqual(splitNameAtVersion('a@npm:b@1.0.0'), { name: 'a', version: 'npm:b@1.0.0' });
  assert.equal(splitNameAtVersion('left-pad'), undefined);
});

test('purls put the scope in the namespace', () => {
  assert.equal(npmPurl('@types/node', '1.0.0'), 'pkg:npm/%40types/node@1.0.0');
  assert.equal(npmPurl('left-pad', '1.3.0'), 'pkg:npm/left-pad@1.3.0');
});

test('one package per name@version: dev only if every listing is dev; invalid entries dropped', () => {
  const pkgs = npmPackages(
    [
      { name: 'ms', version: '2.0.0', dev: true, indirect: true },
      { name: 'ms', version: '2.0.0', dev: false, indirect: true },
      { name: 'ms', version: '2.1.3', dev: true },
      { name: 'local', version: 'file:../local' },
      { name: 'bad name', version: '1.0.0' },
    ],
    { path: 'app/package-lock.json', layer: 'sha256:ab' },
  );
  assert.deepEqual(
    pkgs.map((p) => [p.name, p.version, p.dev]),
    [
      ['ms', '2.0.0', false],
      ['ms', '2.1.3', true],
    ],
  );
  assert.deepEqual(pkgs[0].locations, [{ path: 'app/package-lock.json', layer: 'sha256:ab' }]);
  assert.equal(pkgs[0].type, 'npm');
  assert.equal(pkgs[0].ecosystem, 'npm');
});

test('alias ranges name the package they install; a spelled-out registry range names none', () => {
  assert.equal(aliasTarget('npm:@types/uuid@^9'), '@types/uuid');
  assert.equal(aliasTarget('npm:ms'), 'ms');
  assert.equal(aliasTarget('npm:^2.0.0'), undefined);
  assert.equal(aliasTarget('npm:1.x'), undefined);
  assert.equal(aliasTarget('^2.0.0'), undefined);
});

test('edges are kept only to reported packages', () => {
  const pkgs = npmPackages(
    [
      { name: 'a', version: '1.0.0', dependsOn: ['b@1.0.0', 'local@file:../local', 'a@1.0.0', 'b@1.0.0'] },
      { name: 'b', version: '1.0.0', dependsOn: ['gone@2.0.0'] },
      { name: 'local', version: 'file:../local' },
    ],
    { path: 'yarn.lock' },
  );
  assert.deepEqual(pkgs.map((p) => [p.name, p.dependsOn]), [['a', ['b@1.0.0']], ['b', undefined]]);
});
