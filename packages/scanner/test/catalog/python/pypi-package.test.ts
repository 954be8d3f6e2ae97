import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPypiName, isPypiVersion, pypiPackages } from '../../../src/catalog/python/pypi-package.ts';

test('PEP 508 names and PEP 440 (or legacy) versions', () => {
  for (const n of ['requests', 'Flask', 'zope.interface', 'typing_extensions', 'a']) assert.equal(isPypiName(n), true, n);
  for (const n of ['-x', 'x-', 'foo|bar', 'a b', '']) assert.equal(isPypiName(n), false, n);
  for (const v of ['1.0', '2.9.0.post0', '1!2.0', '1.0+local.7', '0.5.0-beta']) assert.equal(isPypiVersion(v), true, v);
  for (const v of ['1.*', "'1.0'", '${V}', '']) assert.equal(isPypiVersion(v), false, v);
});

test('name kept as written, purl normalised, duplicates merged', () => {
  const pkgs = pypiPackages(
    [
      { name: 'Jinja2', version: '3.0.0', dev: true },
      { name: 'Jinja2', version: '3.0.0', dev: false },
      { name: 'bad|name', version: '1.0' },
    ],
    { path: 'requirements.txt' },
  );
  assert.equal(pkgs.length, 1);
  assert.deepEqual(
    { name: pkgs[0].name, purl: pkgs[0].purl, dev: pkgs[0].dev, type: pkgs[0].type, ecosystem: pkgs[0].ecosystem },
    { name: 'Jinja2', purl: 'pkg:pypi/jinja2@3.0.0', dev: false, type: 'pypi', ecosystem: 'PyPI' },
  );
});

test('the root flag and edges to reported packages are kept', () => {
  const pkgs = pypiPackages(
    [
      { name: 'app', version: '1.0.0', root: true, dependsOn: ['six@1.16.0', 'bad name@1.0'] },
      { name: 'six', version: '1.16.0' },
      { name: 'bad name', version: '1.0' },
    ],
    { path: 'uv.lock' },
  );
  assert.deepEqual(pkgs.map((p) => [p.name, p.root, p.dependsOn]), [['app', true, ['six@1.16.0']], ['six', undefined, undefined]]);
});
