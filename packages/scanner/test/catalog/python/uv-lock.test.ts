import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '@vigil/schema';
import { uvLockCataloger as cataloger } from '../../../src/catalog/python/uv-lock.ts';
import { goldenIds, scalibr, trivy, trivyGolden } from '../../../test-support/fixtures.ts';
import { ids, runCataloger, runOnBytes } from '../../../test-support/run-cataloger.ts';

const uv = (f: string) => trivy('pkg/dependency/parser/python/uv/testdata', f);
const names = (pkgs: Package[], pick: (p: Package) => boolean | undefined) => pkgs.filter(pick).map((p) => p.name).sort();

test('wants uv.lock only', () => {
  assert.equal(cataloger.wants('uv.lock', { size: 1, mode: 0o644 }), true);
  assert.equal(cataloger.wants('x/uv.lock.bak', { size: 1, mode: 0o644 }), false);
});

test('Trivy uv repo fixture equals uv.json.golden exactly, the project as root with its edges', async () => {
  const { packages, warnings } = await runCataloger(cataloger, trivy('integration/testdata/fixtures/repo/uv/uv.lock'), 'uv.lock');
  assert.deepEqual(warnings, []);
  const golden = trivyGolden('uv');
  assert.deepEqual(ids(packages), goldenIds(golden));
  assert.deepEqual(ids(packages.filter((p) => p.root)), goldenIds(golden.filter((p) => p.Relationship === 'root')));
  assert.deepEqual(names(packages, (p) => p.indirect), golden.filter((p) => p.Indirect).map((p) => p.Name).sort());
  // The root (`source = { virtual = "." }`) is local code: reported, never matched, no dev or
  // direct flag of its own.
  const root = packages.find((p) => p.root);
  assert.deepEqual(root, { name: 'uv-test', version: '0.1.0', type: 'pypi', ecosystem: 'PyPI', purl: 'pkg:pypi/uv-test@0.1.0', root: true, dependsOn: ['click@8.1.3', 'werkzeug@0.11.1'], locations: [{ path: 'uv.lock' }] });
  assert.deepEqual(packages.find((p) => p.name === 'click')?.dependsOn, ['colorama@0.4.6']);
});

test('dev-dependencies and what only they pull in are dev', async () => {
  const { packages } = await runCataloger(cataloger, uv('uv_normal.lock'));
  assert.deepEqual(ids(packages.filter((p) => p.root)), ['normal@0.1.0']);
  assert.equal(packages.length, 21);
  assert.deepEqual(names(packages, (p) => p.dev), ['colorama', 'iniconfig', 'packaging', 'pluggy', 'pytest', 'tomli']);
  assert.deepEqual(names(packages, (p) => !p.root && !p.indirect), ['httpx', 'orjson', 'pytest', 'requests']);
  // The root depends on its dev-dependencies too; their dev flag says what they are.
  assert.ok(packages.find((p) => p.root)?.dependsOn?.includes('pytest@8.3.4'));
});

test('optional-dependencies (extras) are direct production dependencies', async () => {
  const { packages } = await runCataloger(cataloger, scalibr('extractor/filesystem/language/python/uvlock/testdata/grouped-packages.lock'));
  const deps = packages.filter((p) => !p.root);
  assert.equal(deps.length, 14);
  assert.deepEqual(names(deps, (p) => !p.indirect), ['black', 'click', 'emoji', 'flake8']);
  assert.ok(deps.every((p) => p.dev === false));
});

test('several workspace roots; no root means direct and dev are unknown', async () => {
  const roots = await runCataloger(cataloger, uv('uv_multiple_roots.lock'));
  assert.deepEqual(roots.packages.map((p) => [p.name, p.root ?? p.indirect]), [['asyncio', false], ['foo', true], ['bar', true]]);
  const rootless = await runCataloger(cataloger, uv('uv_without_root.lock'));
  assert.equal(rootless.packages.length, 1);
  assert.equal(rootless.packages[0].indirect, undefined);
});

test('an editable project is the root; workspace members and path packages are not reported', async () => {
  const lock = [
    'version = 1',
    '[[package]]',
    'name = "app"',
    'version = "1.2.0"',
    'source = { editable = "." }',
    'dependencies = [{ name = "lib" }, { name = "six" }]',
    '[[package]]',
    'name = "lib"',
    'version = "0.1.0"',
    'source = { editable = "packages/lib" }',
    '[[package]]',
    'name = "six"',
    'version = "1.16.0"',
    'source = { registry = "https://pypi.org/simple" }',
  ].join('\n');
  const { packages } = await runOnBytes(cataloger, lock, 'uv.lock');
  assert.deepEqual(packages.map((p) => [p.name, p.root ?? false, p.dependsOn]), [['app', true, ['six@1.16.0']], ['six', false, undefined]]);
});

test('malformed files warn and report nothing', async () => {
  const { packages, warnings } = await runCataloger(cataloger, trivy('pkg/fanal/analyzer/language/python/uv/testdata/broken-lock/uv.lock'), 'uv.lock');
  assert.equal(packages.length, 0);
  assert.match(warnings[0], /^uv\.lock: not valid TOML \(/);
});
