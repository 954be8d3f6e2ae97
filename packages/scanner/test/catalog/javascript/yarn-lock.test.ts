import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yarnLockCataloger as cataloger } from '../../../src/catalog/javascript/yarn-lock.ts';
import { goldenIds, scalibr, syft, trivy, trivyGolden } from '../../../test-support/fixtures.ts';
import { catalogDirectory } from '../../../test-support/catalog-directory.ts';
import { ids, runCataloger, runOnBytes } from '../../../test-support/run-cataloger.ts';

const trivyYarn = (f: string) => trivy('pkg/dependency/parser/nodejs/yarn/testdata', f);
const scalibrYarn = (f: string) => scalibr('extractor/filesystem/language/javascript/yarnlock/testdata', f);
const info = { size: 1, mode: 0o644 };

test('wants yarn.lock outside node_modules only', () => {
  assert.equal(cataloger.wants('web/yarn.lock', info), true);
  assert.equal(cataloger.wants('web/node_modules/left-pad/yarn.lock', info), false);
  assert.equal(cataloger.wants('web/yarn.lock.bak', info), false);
});

test("Trivy's yarn repo fixture with its package.json: exactly the golden's production packages and root", async () => {
  const { packages, warnings } = await catalogDirectory(trivy('integration/testdata/fixtures/repo/yarn'), ['**/node_modules']);
  assert.deepEqual(warnings, []);
  const golden = trivyGolden('yarn');
  assert.deepEqual(ids(packages.filter((p) => !p.dev)), goldenIds(golden));
  assert.deepEqual(ids(packages.filter((p) => p.root)), goldenIds(golden.filter((p) => p.Relationship === 'root')));
  // yarn.lock alone cannot tell dev from production: promise is a devDependency in package.json,
  // asap is needed only by promise.
  assert.deepEqual(ids(packages.filter((p) => p.dev)), ['asap@2.0.6', 'promise@8.0.3']);
});

test('yarn 1: dependencies resolve through the header specs they name', async () => {
  const { packages } = await runCataloger(cataloger, trivyYarn('yarn_happy.lock'));
  const edges = Object.fromEntries(packages.map((p) => [`${p.name}@${p.version}`, p.dependsOn]));
  // Two versions of strip-ansi and ansi-regex: each dependent gets the one its range resolved to.
  assert.deepEqual(edges['string-width@2.1.1'], ['is-fullwidth-code-point@2.0.0', 'strip-ansi@4.0.0']);
  assert.deepEqual(edges['strip-ansi@4.0.0'], ['ansi-regex@3.0.0']);
  assert.deepEqual(edges['strip-ansi@3.0.1'], ['ansi-regex@2.1.1']);
  assert.equal(edges['asap@2.0.6'], undefined);
  // A multi-spec header (`loose-envify@^1.1.0, loose-envify@^1.4.0`) answers to each of its specs.
  const analyzer = await runCataloger(cataloger, trivy('pkg/fanal/analyzer/language/nodejs/yarn/testdata/happy/yarn.lock'));
  const scheduler = analyzer.packages.find((p) => p.name === 'scheduler');
  assert.deepEqual(scheduler?.dependsOn, ['loose-envify@1.4.0', 'object-assign@4.1.1']);
});

test('yarn 1: aliases, with or without a range, and dependencies through them', async () => {
  const { packages } = await runCataloger(cataloger, trivy('pkg/fanal/analyzer/language/nodejs/yarn/testdata/alias/yarn.lock'));
  assert.deepEqual(ids(packages), ['@types/jsonstream@0.8.33', '@types/node@20.10.5', '@types/uuid@9.0.7', 'debug@4.3.4', 'ms@2.1.2', 'ms@2.1.3', 'undici-types@5.26.5']);
  assert.deepEqual(packages.find((p) => p.name === '@types/jsonstream')?.dependsOn, ['@types/node@20.10.5']);
  assert.deepEqual(packages.find((p) => p.name === 'debug')?.dependsOn, ['ms@2.1.2']);
});

test('yarn 2+: dependencies resolve through descriptors, a patch standing for the package it patches', async () => {
  const { packages } = await runCataloger(cataloger, trivyYarn('yarn_v2_happy.lock'));
  const edges = Object.fromEntries(packages.map((p) => [`${p.name}@${p.version}`, p.dependsOn]));
  assert.deepEqual(edges['ansi-styles@4.2.1'], ['@types/color-name@1.1.1', 'color-convert@2.0.1']);
  assert.deepEqual(edges['color-convert@1.9.3'], ['color-name@1.1.3']);
  const lock = [
    '__metadata:',
    '  version: 6',
    '"app@workspace:.":',
    '  version: 0.0.0-use.local',
    '  resolution: "app@workspace:."',
    '  dependencies:',
    '    a: ^1.0.0',
    '"a@npm:^1.0.0":',
    '  version: 1.0.0',
    '  resolution: "a@npm:1.0.0"',
    '  dependencies:',
    '    resolve: "patch:resolve@npm%3A^1.22.0#~builtin<compat/resolve>"',
    '"resolve@npm:^1.22.0":',
    '  version: 1.22.1',
    '  resolution: "resolve@npm:1.22.1"',
    '"resolve@patch:resolve@npm%3A^1.22.0#~builtin<compat/resolve>":',
    '  version: 1.22.1',
    '  resolution: "resolve@patch:resolve@npm%3A1.22.1#~builtin<compat/resolve>::version=1.22.1&hash=c3c19d"',
    '',
  ].join('\n');
  const patched = await runOnBytes(cataloger, lock, 'yarn.lock');
  assert.deepEqual(ids(patched.packages), ['a@1.0.0', 'resolve@1.22.1']);
  assert.deepEqual(patched.packages[0].dependsOn, ['resolve@1.22.1']);
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
