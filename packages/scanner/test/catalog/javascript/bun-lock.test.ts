import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bunLockCataloger as cataloger } from '../../../src/catalog/javascript/bun-lock.ts';
import { goldenIds, scalibr, syft, trivy, trivyGolden } from '../../../test-support/fixtures.ts';
import { ids, runCataloger, runOnBytes } from '../../../test-support/run-cataloger.ts';

const scalibrBun = (f: string) => scalibr('extractor/filesystem/language/javascript/bunlock/testdata', f);
const syftBun = (d: string) => syft('syft/pkg/cataloger/javascript/test-fixtures', d, 'bun.lock');

test('wants bun.lock outside node_modules only (not the binary bun.lockb)', () => {
  assert.equal(cataloger.wants('app/bun.lock', { size: 1, mode: 0o644 }), true);
  assert.equal(cataloger.wants('app/bun.lockb', { size: 1, mode: 0o644 }), false);
  assert.equal(cataloger.wants('app/node_modules/x/bun.lock', { size: 1, mode: 0o644 }), false);
});

test('Trivy bun repo fixture: prod packages equal bun.json.golden; the dev tree is flagged', async () => {
  const { packages, warnings } = await runCataloger(cataloger, trivy('integration/testdata/fixtures/repo/bun/bun.lock'));
  assert.deepEqual(warnings, []);
  assert.deepEqual(ids(packages.filter((p) => !p.dev)), goldenIds(trivyGolden('bun')));
  // @types/bun is a devDependency; bun-types, @types/node and undici-types hang below it.
  assert.deepEqual(ids(packages.filter((p) => p.dev)), ['@types/bun@1.2.14', '@types/node@22.15.21', 'bun-types@1.2.14', 'undici-types@6.21.0']);
  assert.deepEqual(packages.filter((p) => !p.indirect).map((p) => p.name).sort(), ['@types/bun', 'jquery', 'typescript']);
});

test('nested install paths resolve like node: the closest copy wins', async () => {
  const { packages } = await runCataloger(cataloger, scalibrBun('nested-dependencies.json5'));
  assert.equal(packages.length, 9);
  const hasFlag = Object.fromEntries(packages.filter((p) => p.name === 'has-flag').map((p) => [p.version, p.dev]));
  // 2.0.0 is the root's, 3.0.0 sits under the prod supports-color, 4.0.0 under dev-only chalk.
  assert.deepEqual(hasFlag, { '2.0.0': false, '3.0.0': false, '4.0.0': true });
});

test('aliases report the real package; workspace, root and git entries are not registry packages', async () => {
  const alias = await runCataloger(cataloger, scalibrBun('alias.json5'));
  assert.deepEqual(ids(alias.packages), ['has-flag@3.0.0', 'has-flag@4.0.0', 'supports-color@6.1.0', 'supports-color@7.2.0']);
  const tuples = await runCataloger(cataloger, syftBun('bun-variable-tuples'));
  assert.deepEqual(ids(tuples.packages), ['axios@1.6.0', 'follow-redirects@1.15.3']);
});

test('trailing commas anywhere (including after the last member) are accepted', async () => {
  const { packages, warnings } = await runCataloger(cataloger, syftBun('bun-trailing-comma'));
  assert.deepEqual(warnings, []);
  assert.deepEqual(ids(packages), ['axios@1.6.0', 'follow-redirects@1.15.3', 'lodash@4.17.21']);
  const commaInString = await runOnBytes(cataloger, '{"packages": {"a": ["a@1.0.0", ",]", {},],},}', 'bun.lock');
  assert.deepEqual(ids(commaInString.packages), ['a@1.0.0']);
});

test('tuples of the wrong shape are skipped, the rest kept', async () => {
  const { packages, warnings } = await runCataloger(cataloger, scalibrBun('bad-tuple.json5'));
  assert.deepEqual(warnings, []);
  assert.deepEqual(ids(packages), ['wrappy@1.0.2']);
});

test('malformed files warn and report nothing', async () => {
  const notJson = await runCataloger(cataloger, scalibrBun('not-json.txt'), 'bun.lock');
  assert.equal(notJson.packages.length, 0);
  assert.match(notJson.warnings[0], /^bun\.lock: not valid JSON/);
  const invalid = await runCataloger(cataloger, trivy('pkg/dependency/parser/nodejs/bun/testdata/bun_invalid.lock'), 'bun.lock');
  assert.deepEqual(invalid, { packages: [], warnings: ['bun.lock: no "packages" map; not a bun lockfile'] });
});
