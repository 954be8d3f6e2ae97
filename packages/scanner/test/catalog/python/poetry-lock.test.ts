import { test } from 'node:test';
import assert from 'node:assert/strict';
import { poetryLockCataloger as cataloger } from '../../../src/catalog/python/poetry-lock.ts';
import { goldenIds, scalibr, trivy, trivyGolden } from '../../../test-support/fixtures.ts';
import { ids, runCataloger } from '../../../test-support/run-cataloger.ts';

const analyzer = (d: string) => trivy('pkg/fanal/analyzer/language/python/poetry/testdata', d, 'poetry.lock');
const scalibrPoetry = (f: string) => scalibr('extractor/filesystem/language/python/poetrylock/testdata', f);

test('wants poetry.lock outside installed package trees', () => {
  assert.equal(cataloger.wants('app/poetry.lock', { size: 1, mode: 0o644 }), true);
  assert.equal(cataloger.wants('venv/lib/python3.12/site-packages/x/poetry.lock', { size: 1, mode: 0o644 }), false);
});

test('Trivy poetry repo fixture equals poetry.json.golden', async () => {
  const { packages, warnings } = await runCataloger(cataloger, trivy('integration/testdata/fixtures/repo/poetry/poetry.lock'));
  assert.deepEqual(warnings, []);
  assert.deepEqual(ids(packages), goldenIds(trivyGolden('poetry')));
  assert.ok(packages.every((p) => p.dev === false), 'category = "main"');
});

test('lock 1.x: category = "dev" marks dev packages', async () => {
  const { packages } = await runCataloger(cataloger, trivy('pkg/dependency/parser/python/poetry/testdata/poetry_flask.lock'));
  assert.equal(packages.length, 15);
  assert.deepEqual(packages.filter((p) => p.dev).map((p) => p.name), ['atomicwrites', 'attrs', 'more-itertools', 'packaging', 'py', 'pytest', 'wcwidth']);
});

test('lock 2.1: groups without "main" are dev; a package in main and dev is not', async () => {
  const { packages } = await runCataloger(cataloger, analyzer('happy-v2'));
  assert.equal(packages.length, 16);
  assert.deepEqual(packages.filter((p) => p.dev).map((p) => p.name).sort(), ['atomicwrites', 'attrs', 'more-itertools', 'packaging', 'py', 'pytest', 'ruff', 'wcwidth']);
  assert.equal(packages.find((p) => p.name === 'colorama')?.dev, false);
});

test('lock 2.0 records no dev information', async () => {
  const { packages } = await runCataloger(cataloger, analyzer('with-groups'));
  assert.equal(packages.length, 22);
  assert.ok(packages.every((p) => p.dev === undefined));
});

test('git sources keep their version', async () => {
  const { packages } = await runCataloger(cataloger, scalibrPoetry('source-git.lock'));
  assert.equal(packages.length, 1);
});

test('malformed files warn and report nothing', async () => {
  for (const path of [analyzer('sad'), scalibrPoetry('not-toml.txt')]) {
    const { packages, warnings } = await runCataloger(cataloger, path, 'poetry.lock');
    assert.equal(packages.length, 0);
    assert.match(warnings[0], /^poetry\.lock: not valid TOML \(/);
  }
  assert.deepEqual(await runCataloger(cataloger, scalibrPoetry('empty-file.lock')), { packages: [], warnings: [] });
});
