import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { yarnLockCataloger as cataloger } from '../../../src/catalog/javascript/yarn-lock.ts';
import { goldenIds, scalibr, syft, trivy, trivyGolden } from '../../../test-support/fixtures.ts';
import { ids, runCataloger, runOnBytes } from '../../../test-support/run-cataloger.ts';

const trivyYarn = (f: string) => trivy('pkg/dependency/parser/nodejs/yarn/testdata', f);
const scalibrYarn = (f: string) => scalibr('extractor/filesystem/language/javascript/yarnlock/testdata', f);
const info = { size: 1, mode: 0o644 };

test('wants yarn.lock outside node_modules only', () => {
  assert.equal(cataloger.wants('web/yarn.lock', info), true);
  assert.equal(cataloger.wants('web/node_modules/left-pad/yarn.lock', info), false);
  assert.equal(cataloger.wants('web/yarn.lock.bak', info), false);
});

test('Trivy yarn repo fixture: the golden packages plus the dev-only ones Trivy drops using package.json', async () => {
  const dir = 'integration/testdata/fixtures/repo/yarn';
  const { packages, warnings } = await runCataloger(cataloger, trivy(dir, 'yarn.lock'), 'yarn.lock');
  assert.deepEqual(warnings, []);
  // The golden also lists the project itself (Relationship "root"), which comes from package.json.
  const golden = goldenIds(trivyGolden('yarn').filter((p) => p.Relationship !== 'root'));
  const extra = ids(packages).filter((id) => !golden.includes(id));
  assert.deepEqual(ids(packages).filter((id) => golden.includes(id)), golden);
  // yarn.lock alone cannot tell dev from prod: the extras are exactly promise (a devDependency in
  // package.json) and asap (needed only by promise).
  const manifest = JSON.parse(readFileSync(trivy(dir, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  assert.deepEqual(Object.keys(manifest.devDependencies), ['promise']);
  assert.deepEqual(extra, ['asap@2.0.6', 'promise@8.0.3']);
});

test('yarn 1: multi-spec headers, quoted keys, scoped names', async () => {
  const happy = await runCataloger(cataloger, trivyYarn('yarn_happy.lock'));
  // 18 entries, each with one resolved version.
  assert.equal(happy.packages.length, 18);
  const npmQuoted = await runCataloger(cataloger, trivyYarn('yarn_with_npm.lock'));
  assert.deepEqual(ids(npmQuoted.packages), ['jquery@3.6.0']);
  const scoped = await runCataloger(cataloger, scalibrYarn('scoped-packages.v1.lock'));
  assert.ok(scoped.packages.some((p) => p.name.startsWith('@') && p.purl?.startsWith('pkg:npm/%40')));
  const bare = await runCataloger(cataloger, scalibrYarn('no-version.v1.lock'));
  assert.deepEqual(ids(bare.packages), ['balanced-match@1.0.2']);
});

test('yarn 1 and 2+: aliases resolve to the real package', async () => {
  for (const f of ['with-aliases.v1.lock', 'with-aliases.v2.lock']) {
    const { packages } = await runCataloger(cataloger, scalibrYarn(f));
    assert.deepEqual(ids(packages), ['@babel/helper-validator-identifier@7.22.20', 'ansi-regex@5.0.1', 'ansi-regex@6.0.1'], f);
  }
});

test('local protocols (file:, workspace:, patch:) are not registry packages', async () => {
  const local = await runCataloger(cataloger, trivyYarn('yarn_with_local.lock'));
  assert.deepEqual(ids(local.packages), ['asap@2.0.6', 'jquery@3.4.1', 'promise@8.0.3']);
  // 18 resolutions: one workspace, one patch of fsevents (whose npm entry is also listed), 16 npm.
  const berry = await runCataloger(cataloger, trivyYarn('yarn_v2_happy.lock'));
  assert.equal(berry.packages.length, 16);
  assert.ok(!berry.packages.some((p) => p.name === 'code'));
  const root = await runCataloger(cataloger, scalibrYarn('exclude-root.v2.lock'));
  assert.deepEqual(ids(root.packages), ['ansi-regex@6.1.0']);
});

test('yarn 2+: workspace entries tell direct from transitive dependencies', async () => {
  const { packages } = await runCataloger(cataloger, scalibrYarn('exclude-root.v2.lock'));
  assert.equal(packages[0].indirect, false);
  const happy = await runCataloger(cataloger, trivyYarn('yarn_v2_happy.lock'));
  const direct = happy.packages.filter((p) => p.indirect === false).map((p) => p.name);
  assert.ok(direct.length > 0 && direct.length < happy.packages.length);
});

test('yarn 2+: git sources keep the version yarn resolved', async () => {
  const { packages } = await runCataloger(cataloger, scalibrYarn('commits.v2.lock'));
  assert.equal(packages.length, 7);
  assert.ok(ids(packages).includes('@typegoose/typegoose@7.2.0'));
});

test('a repeated key does not make yarn 2+ files unreadable', async () => {
  const { packages, warnings } = await runCataloger(cataloger, syft('syft/pkg/cataloger/javascript/testdata/yarn-berry/yarn.lock'));
  assert.deepEqual(warnings, []);
  assert.equal(packages.length, 8);
});

test('malformed files warn and report nothing', async () => {
  const json = await runOnBytes(cataloger, '{\n  "a": 1\n}\n', 'yarn.lock');
  assert.equal(json.packages.length, 0);
  assert.match(json.warnings[0], /^yarn\.lock: line "\{" is not a yarn\.lock entry header/);
  const yaml = await runOnBytes(cataloger, '__metadata:\n  version: 6\n"a@npm:1": [\n', 'yarn.lock');
  assert.equal(yaml.packages.length, 0);
  assert.match(yaml.warnings[0], /^yarn\.lock: not valid YAML/);
  const empty = await runCataloger(cataloger, scalibrYarn('empty.v1.lock'));
  assert.deepEqual(empty, { packages: [], warnings: [] });
});
