import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packageLockCataloger as cataloger } from '../../../src/catalog/javascript/package-lock.ts';
import { goldenIds, scalibr, trivy, trivyGolden } from '../../../test-support/fixtures.ts';
import { ids, runCataloger, runOnBytes } from '../../../test-support/run-cataloger.ts';

const npmParser = (f: string) => trivy('pkg/dependency/parser/nodejs/npm/testdata', f);
const scalibrLock = (f: string) => scalibr('extractor/filesystem/language/javascript/packagelockjson/testdata', f);

test('wants project lockfiles and shrinkwraps, not those shipped inside node_modules', () => {
  assert.equal(cataloger.wants('app/package-lock.json', { size: 1, mode: 0o644 }), true);
  assert.equal(cataloger.wants('package-lock.json', { size: 1, mode: 0o644 }), true);
  assert.equal(cataloger.wants('srv/npm-shrinkwrap.json', { size: 1, mode: 0o644 }), true);
  assert.equal(cataloger.wants('app/node_modules/x/npm-shrinkwrap.json', { size: 1, mode: 0o644 }), false);
  assert.equal(cataloger.wants('app/node_modules/.package-lock.json', { size: 1, mode: 0o644 }), false);
  assert.equal(cataloger.wants('app/old-package-lock.json', { size: 1, mode: 0o644 }), false);
});

test('Trivy npm repo fixture: prod packages equal npm.json.golden, all equal npm-with-dev.json.golden', async () => {
  const { packages, warnings } = await runCataloger(cataloger, trivy('integration/testdata/fixtures/repo/npm/package-lock.json'), 'package-lock.json');
  assert.deepEqual(warnings, []);
  assert.deepEqual(ids(packages.filter((p) => !p.dev)), goldenIds(trivyGolden('npm')));
  const withDev = trivyGolden('npm-with-dev');
  assert.deepEqual(ids(packages), goldenIds(withDev));
  assert.deepEqual(ids(packages.filter((p) => p.dev)), goldenIds(withDev.filter((p) => p.Dev)));
  const jquery = packages.find((p) => p.name === 'jquery');
  assert.equal(jquery?.purl, 'pkg:npm/jquery@3.3.9');
  assert.equal(jquery?.ecosystem, 'npm');
  assert.deepEqual(jquery?.locations, [{ path: 'package-lock.json' }]);
});

test('v1: nested dependencies are walked; a name@version listed twice is one package', async () => {
  const { packages } = await runCataloger(cataloger, npmParser('package-lock_v1.json'), 'package-lock.json');
  // 33 entries, two of them repeats of the same name@version under different parents.
  assert.equal(packages.length, 31);
  assert.ok(ids(packages).includes('debug@2.6.9'), 'nested under body-parser');
  assert.deepEqual(packages.filter((p) => p.dev).map((p) => p.name).sort(), ['debug', 'ms']);
  // v1 does not record which dependencies the project declared.
  assert.ok(packages.every((p) => p.indirect === undefined));
});

test('v2 and v3 of the same project give the same packages as v1', async () => {
  const v1 = ids((await runCataloger(cataloger, npmParser('package-lock_v1.json'))).packages);
  assert.deepEqual(ids((await runCataloger(cataloger, npmParser('package-lock_v2.json'))).packages), v1);
  assert.deepEqual(ids((await runCataloger(cataloger, npmParser('package-lock_v3.json'))).packages), v1);
});

test('v3: direct dependencies are those the root declares, at the top of node_modules', async () => {
  const { packages } = await runCataloger(cataloger, npmParser('package-lock_v3.json'));
  const direct = packages.filter((p) => p.indirect === false).map((p) => `${p.name}@${p.version}`).sort();
  assert.deepEqual(direct, ['@babel/helper-string-parser@7.19.4', 'body-parser@1.18.3', 'debug@2.5.2', 'finalhandler@1.1.1', 'ms@1.0.0', 'promise@8.3.0']);
});

test('v2 and v3: each package depends on what Node would load for it, the nearest copy first', async () => {
  for (const f of ['package-lock_v2.json', 'package-lock_v3.json']) {
    const { packages } = await runCataloger(cataloger, npmParser(f));
    const body = packages.find((p) => p.name === 'body-parser');
    // body-parser@1.18.3 needs debug 2.6.9, which sits nested under it; debug 2.5.2 is at the top.
    assert.ok(body?.dependsOn?.includes('debug@2.6.9'), f);
    assert.ok(!body?.dependsOn?.includes('debug@2.5.2'), f);
  }
  // A workspace's nested copy is what its packages resolve to.
  const ws = await runCataloger(cataloger, npmParser('package-lock_v3_with_workspace.json'));
  assert.deepEqual(ws.packages.map((p) => [`${p.name}@${p.version}`, p.dependsOn]).sort(), [
    ['debug@2.5.2', ['ms@0.7.2']],
    ['debug@2.6.9', ['ms@2.0.0']],
    ['ms@0.7.2', undefined],
    ['ms@2.0.0', undefined],
  ]);
});

test('workspaces: link entries and workspace folders are not packages; their installed deps are', async () => {
  const { packages } = await runCataloger(cataloger, npmParser('package-lock_v3_with_workspace.json'));
  assert.deepEqual(ids(packages), ['debug@2.5.2', 'debug@2.6.9', 'ms@0.7.2', 'ms@2.0.0']);
  // debug@2.6.9 sits in functions/nested_func/node_modules and that workspace declares it.
  assert.equal(packages.find((p) => p.version === '2.6.9')?.indirect, false);
  const broken = await runCataloger(cataloger, npmParser('package-lock_v3_broken_link.json'));
  assert.deepEqual(broken, { packages: [], warnings: [] });
  const asObject = await runCataloger(cataloger, npmParser('package-lock_v3_with_workspace_as_object.json'));
  assert.deepEqual(ids(asObject.packages), ['lodash@4.17.21']);
  assert.equal(asObject.packages[0].indirect, false, 'declared by the linked workspace "testapp"');
});

test('a link whose target is installed under node_modules makes that target direct', async () => {
  const lock = {
    lockfileVersion: 3,
    packages: {
      '': { dependencies: { left: '^1.0.0' } },
      'node_modules/left': { resolved: 'node_modules/.store/left@1.0.0/node_modules/left', link: true },
      'node_modules/.store/left@1.0.0/node_modules/left': { version: '1.0.0' },
    },
  };
  const { packages } = await runOnBytes(cataloger, JSON.stringify(lock), 'package-lock.json');
  assert.deepEqual(ids(packages), ['left@1.0.0']);
  assert.equal(packages[0].indirect, false);
});

test('dev flag: only "dev" is dev; optional and devOptional packages install in production', async () => {
  const same = await runCataloger(cataloger, npmParser('package-lock_v3_with-same-dev-and-non-dev.json'));
  assert.deepEqual(same.packages.filter((p) => p.dev).map((p) => p.name).sort(), ['fsevents', 'mkdirp', 'node-pre-gyp']);
  const optional = await runCataloger(cataloger, scalibrLock('optional-package.v2.json'));
  assert.deepEqual(optional.packages.map((p) => [p.name, p.dev]).sort(), [['supports-color', false], ['wrappy', false]]);
});

test('aliases report the real package name in v1 and v2', async () => {
  for (const f of ['alias.v1.json', 'alias.v2.json']) {
    const { packages } = await runCataloger(cataloger, scalibrLock(f));
    assert.deepEqual(ids(packages), ['@babel/code-frame@7.0.0', 'string-width@4.2.0', 'string-width@5.1.2'], f);
  }
});

test('scoped names get a namespaced purl', async () => {
  const { packages } = await runCataloger(cataloger, scalibrLock('scoped-packages.v2.json'));
  assert.equal(packages.find((p) => p.name === '@babel/code-frame')?.purl, 'pkg:npm/%40babel/code-frame@7.0.0');
});

test('licenses: SPDX strings and legacy arrays of {type}', async () => {
  const { packages } = await runCataloger(cataloger, npmParser('package-lock_v3_with_legacy_licenses.json'));
  const byName = Object.fromEntries(packages.map((p) => [p.name, p.licenses]));
  assert.deepEqual(byName, { tv4: ['Public Domain', 'MIT'], 'pause-stream': ['MIT', 'Apache2'], mustache: ['MIT'] });
});

test('git-sourced packages keep their package.json version; non-registry versions are dropped', async () => {
  const { packages } = await runCataloger(cataloger, scalibrLock('commits.v1.json'));
  assert.ok(packages.every((p) => /^\d+\.\d+\.\d+/.test(p.version)));
  const v2 = await runCataloger(cataloger, scalibrLock('commits.v2.json'));
  assert.ok(ids(v2.packages).includes('babel-preset-php@1.1.1'));
});

test('malformed files warn and report nothing', async () => {
  const notJson = await runCataloger(cataloger, scalibrLock('not-json.txt'), 'package-lock.json');
  assert.equal(notJson.packages.length, 0);
  assert.match(notJson.warnings[0], /^package-lock\.json: not valid JSON/);
  assert.doesNotMatch(notJson.warnings[0], /\n/);
  const nullDoc = await runCataloger(cataloger, scalibrLock('null.v2.jsontest'), 'package-lock.json');
  assert.deepEqual(nullDoc, { packages: [], warnings: ['package-lock.json: not a JSON object'] });
  const sad = await runCataloger(cataloger, trivy('pkg/fanal/analyzer/language/nodejs/npm/testdata/sad/package-lock.json'), 'package-lock.json');
  assert.equal(sad.packages.length, 0);
  assert.equal(sad.warnings.length, 1);
});
