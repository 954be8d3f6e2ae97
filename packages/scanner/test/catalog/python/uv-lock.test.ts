import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '@vigil/schema';
import { uvLockCataloger as cataloger } from '../../../src/catalog/python/uv-lock.ts';
import { goldenIds, scalibr, trivy, trivyGolden } from '../../../test-support/fixtures.ts';
import { ids, runCataloger } from '../../../test-support/run-cataloger.ts';

const uv = (f: string) => trivy('pkg/dependency/parser/python/uv/testdata', f);
const names = (pkgs: Package[], pick: (p: Package) => boolean | undefined) => pkgs.filter(pick).map((p) => p.name).sort();

test('wants uv.lock only', () => {
  assert.equal(cataloger.wants('uv.lock', { size: 1, mode: 0o644 }), true);
  assert.equal(cataloger.wants('x/uv.lock.bak', { size: 1, mode: 0o644 }), false);
});

test('Trivy uv repo fixture equals uv.json.golden except the project itself', async () => {
  const { packages, warnings } = await runCataloger(cataloger, trivy('integration/testdata/fixtures/repo/uv/uv.lock'));
  assert.deepEqual(warnings, []);
  // The root (`source = { virtual = "." }`) is local code: a PyPI project of the same name is not it.
  const golden = trivyGolden('uv');
  assert.deepEqual(ids(packages), goldenIds(golden.filter((p) => p.Relationship !== 'root')));
  assert.deepEqual(names(packages, (p) => p.indirect), golden.filter((p) => p.Indirect).map((p) => p.Name).sort());
});

test('dev-dependencies and what only they pull in are dev', async () => {
  const { packages } = await runCataloger(cataloger, uv('uv_normal.lock'));
  assert.equal(packages.length, 20);
  assert.deepEqual(names(packages, (p) => p.dev), ['colorama', 'iniconfig', 'packaging', 'pluggy', 'pytest', 'tomli']);
  assert.deepEqual(names(packages, (p) => !p.indirect), ['httpx', 'orjson', 'pytest', 'requests']);
});

test('optional-dependencies (extras) are direct production dependencies', async () => {
  const { packages } = await runCataloger(cataloger, scalibr('extractor/filesystem/language/python/uvlock/testdata/grouped-packages.lock'));
  assert.equal(packages.length, 14);
  assert.deepEqual(names(packages, (p) => !p.indirect), ['black', 'click', 'emoji', 'flake8']);
  assert.ok(packages.every((p) => p.dev === false));
});

test('several workspace roots; no root means direct and dev are unknown', async () => {
  const roots = await runCataloger(cataloger, uv('uv_multiple_roots.lock'));
  assert.deepEqual(roots.packages.map((p) => [p.name, p.indirect]), [['asyncio', false]]);
  const rootless = await runCataloger(cataloger, uv('uv_without_root.lock'));
  assert.equal(rootless.packages.length, 1);
  assert.equal(rootless.packages[0].indirect, undefined);
});

test('malformed files warn and report nothing', async () => {
  const { packages, warnings } = await runCataloger(cataloger, trivy('pkg/fanal/analyzer/language/python/uv/testdata/broken-lock/uv.lock'), 'uv.lock');
  assert.equal(packages.length, 0);
  assert.match(warnings[0], /^uv\.lock: not valid TOML \(/);
});
