import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { nodeModulesCataloger as cataloger } from '../../../src/catalog/javascript/node-modules.ts';
import { syft, trivy, trivyGolden } from '../../../test-support/fixtures.ts';
import { ids, runCataloger } from '../../../test-support/run-cataloger.ts';

const info = { size: 1, mode: 0o644 };
const manifest = (f: string) => trivy('pkg/dependency/parser/nodejs/packagejson/testdata', f);
const asInstalled = (f: string, name = 'x') => runCataloger(cataloger, manifest(f), `node_modules/${name}/package.json`);

/** Every file below `dir`, as paths relative to `root`. */
function walk(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(root, join(dir, e.name)) : [relative(root, join(dir, e.name))],
  );
}

test('wants installed manifests at any depth, scoped or not, and nothing else', () => {
  for (const path of [
    'node_modules/ms/package.json',
    'app/node_modules/@babel/parser/package.json',
    'app/node_modules/express/node_modules/debug/package.json',
    'node_modules/.pnpm/lodash@4.17.4/node_modules/lodash/package.json',
    '.yarn/unplugged/is-callable-npm-1.2.7-808a303e61/node_modules/is-callable/package.json',
  ]) {
    assert.equal(cataloger.wants(path, info), true, path);
  }
  for (const path of [
    'package.json',
    'app/package.json',
    'node_modules/x/lib/package.json',
    'node_modules/@babel/parser/lib/package.json',
    'node_modules/@babel/package.json',
    'node_modules/.bin/package.json',
    'node_modules/x/package.json.bak',
  ]) {
    assert.equal(cataloger.wants(path, info), false, path);
  }
});

test("Trivy npm analyzer fixture: every installed copy, nested ones included, from the tree's own walk", async () => {
  const root = trivy('pkg/fanal/analyzer/language/nodejs/npm/testdata/happy');
  const wanted = walk(root).filter((p) => cataloger.wants(p, info));
  assert.equal(wanted.length, 8);
  const found = (await Promise.all(wanted.map((p) => runCataloger(cataloger, join(root, p), p)))).flatMap((o) => o.packages);
  assert.deepEqual(ids(found), [
    '@babel/parser@7.23.6',
    'body-parser@1.18.3',
    'debug@2.6.9',
    'debug@2.6.9',
    'express@4.16.4',
    'ms@2.0.0',
    'ms@2.0.0',
    'ms@2.1.1',
  ]);
  const nested = found.find((p) => p.locations[0].path === 'node_modules/express/node_modules/debug/package.json');
  assert.equal(nested?.version, '2.6.9');
  assert.equal(found.find((p) => p.name === '@babel/parser')?.purl, 'pkg:npm/%40babel/parser@7.23.6');
});

test('Trivy npm repo fixture: licenses of installed packages match the golden', async () => {
  const root = trivy('integration/testdata/fixtures/repo/npm');
  const wanted = walk(root).filter((p) => cataloger.wants(p, info));
  const found = (await Promise.all(wanted.map((p) => runCataloger(cataloger, join(root, p), p)))).flatMap((o) => o.packages);
  const golden = trivyGolden('npm-with-dev').filter((p) => (p as { Licenses?: string[] }).Licenses);
  assert.deepEqual(
    found.map((p) => `${p.name}@${p.version} ${p.licenses?.join(',')}`).sort(),
    golden.map((p) => `${p.Name}@${p.Version} ${(p as { Licenses?: string[] }).Licenses?.join(',')}`).sort(),
  );
});

test('license forms: string, legacy array of {type}, and ignored junk', async () => {
  assert.deepEqual((await asInstalled('legacy_array_package.json')).packages[0].licenses, ['Public Domain', 'MIT']);
  assert.deepEqual((await asInstalled('mixed_array_license_package.json')).packages[0].licenses, ['MIT']);
  for (const f of ['empty_array_license_package.json', 'invalid_license_package.json', 'null_license_package.json', 'unknown_license_object_package.json']) {
    const { packages, warnings } = await asInstalled(f);
    assert.equal(packages.length, 1, f);
    assert.equal(packages[0].licenses, undefined, f);
    assert.deepEqual(warnings, [], f);
  }
});

test('manifests without name or version, with invalid names, or private are not packages', async () => {
  for (const f of ['without_version_package.json', 'without_name_and_version_package.json', 'invalid_name.json']) {
    assert.deepEqual(await asInstalled(f), { packages: [], warnings: [] }, f);
  }
  const priv = await runCataloger(cataloger, syft('syft/pkg/cataloger/javascript/testdata/pkg-json/package-private.json'), 'node_modules/x/package.json');
  assert.deepEqual(priv.packages, []);
});

test('a malformed manifest warns and reports nothing', async () => {
  const { packages, warnings } = await asInstalled('invalid_package.json', 'bootstrap');
  assert.equal(packages.length, 0);
  assert.match(warnings[0], /^node_modules\/bootstrap\/package\.json: not valid JSON/);
});
