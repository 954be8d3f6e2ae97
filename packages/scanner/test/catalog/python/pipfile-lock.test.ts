import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pipfileLockCataloger as cataloger } from '../../../src/catalog/python/pipfile-lock.ts';
import { goldenIds, scalibr, trivy, trivyGolden } from '../../../test-support/fixtures.ts';
import { ids, runCataloger } from '../../../test-support/run-cataloger.ts';

const scalibrPipfile = (f: string) => scalibr('extractor/filesystem/language/python/pipfilelock/testdata', f);

test('wants Pipfile.lock only', () => {
  assert.equal(cataloger.wants('srv/Pipfile.lock', { size: 1, mode: 0o644 }), true);
  assert.equal(cataloger.wants('srv/Pipfile', { size: 1, mode: 0o644 }), false);
});

test('Trivy pipenv repo fixture equals pipenv.json.golden', async () => {
  const { packages } = await runCataloger(cataloger, trivy('integration/testdata/fixtures/repo/pipenv/Pipfile.lock'));
  assert.deepEqual(ids(packages), goldenIds(trivyGolden('pipenv')));
});

test('default is production, develop is dev; in both means production', async () => {
  const dev = await runCataloger(cataloger, scalibrPipfile('one-package-dev.json'));
  assert.deepEqual(dev.packages.map((p) => [p.name, p.version, p.dev]), [['markupsafe', '2.1.1', true]]);
  const many = await runCataloger(cataloger, scalibrPipfile('multiple-packages.json'));
  assert.deepEqual(many.packages.filter((p) => p.dev).map((p) => `${p.name}@${p.version}`), ['pluggy@1.0.0']);
  assert.equal(many.packages.find((p) => p.name === 'markupsafe')?.dev, false);
  const trivyMany = await runCataloger(cataloger, trivy('pkg/dependency/parser/python/pipenv/testdata/Pipfile_many.lock'));
  assert.equal(trivyMany.packages.length, 24);
});

test('entries without a == version (VCS, paths) are skipped', async () => {
  assert.deepEqual((await runCataloger(cataloger, scalibrPipfile('no-version.json'))).packages, []);
});

test('malformed files warn and report nothing', async () => {
  const { packages, warnings } = await runCataloger(cataloger, scalibrPipfile('not-json.txt'), 'Pipfile.lock');
  assert.equal(packages.length, 0);
  assert.match(warnings[0], /^Pipfile\.lock: not valid JSON/);
});
