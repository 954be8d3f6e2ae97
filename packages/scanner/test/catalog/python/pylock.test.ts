import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pylockCataloger as cataloger } from '../../../src/catalog/python/pylock.ts';
import { goldenIds, scalibr, trivy, trivyGolden } from '../../../test-support/fixtures.ts';
import { ids, runCataloger } from '../../../test-support/run-cataloger.ts';

const scalibrPylock = (f: string) => scalibr('extractor/filesystem/language/python/pylock/testdata', f);

test('wants pylock.toml and named pylock.<name>.toml', () => {
  for (const p of ['pylock.toml', 'app/pylock.dev.toml']) assert.equal(cataloger.wants(p, { size: 1, mode: 0o644 }), true, p);
  for (const p of ['pyproject.toml', 'app/pylock.a.b.toml']) assert.equal(cataloger.wants(p, { size: 1, mode: 0o644 }), false, p);
});

test('Trivy pylock repo fixture equals pylock.json.golden', async () => {
  const { packages, warnings } = await runCataloger(cataloger, trivy('integration/testdata/fixtures/repo/pylock/pylock.toml'));
  assert.deepEqual(warnings, []);
  assert.deepEqual(ids(packages), goldenIds(trivyGolden('pylock')));
});

test('PEP 751 example: two versions of one name stay two packages', async () => {
  const { packages } = await runCataloger(cataloger, trivy('pkg/dependency/parser/python/pylock/testdata/pylock.toml'));
  assert.equal(packages.length, 9);
  assert.deepEqual(packages.filter((p) => p.name === 'spam').map((p) => p.version), ['1.0.0', '1.1.0']);
});

test('the local project (directory source) is not a package', async () => {
  assert.deepEqual((await runCataloger(cataloger, scalibrPylock('pip-just-self.toml'))).packages, []);
});

test('malformed files warn and report nothing', async () => {
  const { packages, warnings } = await runCataloger(cataloger, trivy('pkg/dependency/parser/python/pylock/testdata/sad.toml'), 'pylock.toml');
  assert.equal(packages.length, 0);
  assert.match(warnings[0], /^pylock\.toml: not valid TOML \(/);
});
