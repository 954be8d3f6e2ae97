import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '@vigil/schema';
import { pnpmLockCataloger as cataloger } from '../../../src/catalog/javascript/pnpm-lock.ts';
import { goldenIds, scalibr, syft, trivy, trivyGolden } from '../../../test-support/fixtures.ts';
import { ids, runCataloger } from '../../../test-support/run-cataloger.ts';

const trivyPnpm = (f: string) => trivy('pkg/dependency/parser/nodejs/pnpm/testdata', f);
const scalibrPnpm = (f: string) => scalibr('extractor/filesystem/language/javascript/pnpmlock/testdata', f);
const flags = (packages: Package[]) => packages.map((p) => `${p.name}@${p.version}${p.dev ? ' dev' : ''}${p.indirect ? '' : ' direct'}`).sort();

test('wants pnpm-lock.yaml outside node_modules only', () => {
  assert.equal(cataloger.wants('pnpm-lock.yaml', { size: 1, mode: 0o644 }), true);
  assert.equal(cataloger.wants('node_modules/.pnpm/lock.yaml', { size: 1, mode: 0o644 }), false);
  assert.equal(cataloger.wants('a/node_modules/b/pnpm-lock.yaml', { size: 1, mode: 0o644 }), false);
});

test('Trivy pnpm repo fixture equals pnpm.json.golden', async () => {
  const { packages, warnings } = await runCataloger(cataloger, trivy('integration/testdata/fixtures/repo/pnpm/pnpm-lock.yaml'));
  assert.deepEqual(warnings, []);
  assert.deepEqual(ids(packages), goldenIds(trivyGolden('pnpm')));
  assert.ok(packages.every((p) => p.indirect === false && p.dev === false));
});

test('5.x (`/name/1.2.3`) and 6.x (`/name@1.2.3`) locks of one project agree, dev flags included', async () => {
  const v5 = await runCataloger(cataloger, trivyPnpm('pnpm-lock_with_dev.yaml'));
  const v6 = await runCataloger(cataloger, trivyPnpm('pnpm-lock_v6_with_dev.yaml'));
  assert.equal(v5.packages.length, 85);
  // The 6.x file was locked later: same tree, a few patch versions moved.
  const unversioned = (pkgs: Package[]) => flags(pkgs).map((f) => f.replace(/(.)@[^@ ]+/, '$1'));
  assert.deepEqual(unversioned(v6.packages), unversioned(v5.packages));
  assert.deepEqual(v5.packages.filter((p) => !p.dev).map((p) => p.name).sort(), ['@babel/runtime', 'js-tokens', 'loose-envify', 'react', 'redux', 'regenerator-runtime']);
  assert.deepEqual(v5.packages.filter((p) => !p.indirect).map((p) => p.name).sort(), ['mocha', 'react', 'redux']);
});

test('peer suffixes are not part of the version (5.x `_peer@1`, 6.x/9.x `(peer@1)`)', async () => {
  const v5 = await runCataloger(cataloger, scalibrPnpm('peer-dependencies-advanced.yaml'));
  assert.ok(ids(v5.packages).includes('@typescript-eslint/eslint-plugin@5.13.0'));
  assert.ok(v5.packages.every((p) => /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(p.version)));
  const v6 = await runCataloger(cataloger, scalibrPnpm('peer-dependencies-advanced-rc-v6.yaml'));
  assert.deepEqual(ids(v6.packages), ['js-tokens@4.0.0', 'loose-envify@1.4.0', 'react-dom@18.0.0-rc.3', 'react@18.2.0', 'scheduler@0.21.0']);
  assert.equal(v6.packages.find((p) => p.name === 'react-dom')?.indirect, false);
});

test('9.x: dev flags come from walking snapshots from each importer', async () => {
  const peers = await runCataloger(cataloger, trivyPnpm('pnpm-lock_v9_same-vers-diff-peers.yaml'));
  assert.deepEqual(flags(peers.packages), [
    'jest-config@30.0.3 direct',
    'jest-pnp-resolver@1.2.3',
    'jest-resolve@27.5.1 dev',
    'jest-resolve@30.0.2',
    'jest-runner@27.5.1 dev direct',
    'jest-runner@30.0.3',
  ]);
  for (const f of ['mixed-groups.v53.yaml', 'mixed-groups.v6.yaml', 'mixed-groups.v9.yaml']) {
    const { packages } = await runCataloger(cataloger, scalibrPnpm(f));
    assert.deepEqual(packages.filter((p) => p.dev).map((p) => p.name), ['is-number'], f);
  }
  const v9 = await runCataloger(cataloger, syft('syft/pkg/cataloger/javascript/testdata/pnpm-v9-snapshots/pnpm-lock.yaml'));
  assert.deepEqual(v9.packages.filter((p) => !p.indirect).map((p) => p.name), ['cross-spawn']);
});

test('edges: 6.x from packages, 9.x from snapshots, peer-variant copies merged', async () => {
  for (const f of ['pnpm-lock_normal.yaml', 'pnpm-lock_v6.yaml']) {
    const { packages } = await runCataloger(cataloger, trivyPnpm(f));
    assert.deepEqual(packages.find((p) => p.name === 'promise')?.dependsOn, ['asap@2.0.6'], f);
  }
  // jest-pnp-resolver@1.2.3 is locked twice, once per jest-resolve it is a peer of.
  const peers = await runCataloger(cataloger, trivyPnpm('pnpm-lock_v9_same-vers-diff-peers.yaml'));
  assert.deepEqual(peers.packages.find((p) => p.name === 'jest-pnp-resolver')?.dependsOn, ['jest-resolve@27.5.1', 'jest-resolve@30.0.2']);
  const cyclic = await runCataloger(cataloger, trivyPnpm('pnpm-lock_v9_cyclic_import.yaml'));
  assert.ok((cyclic.packages.find((p) => p.name === 'browserslist')?.dependsOn?.length ?? 0) > 0);
});

test('9.x with several importers: a dev dependency of any workspace is dev', async () => {
  const { packages } = await runCataloger(cataloger, trivyPnpm('pnpm-lock_v9.yaml'));
  // 22 entries less lodash (a local file: tarball) and the workspace package1 (a directory).
  assert.equal(packages.length, 20);
  assert.deepEqual(packages.filter((p) => p.dev).map((p) => p.name).sort(), ['await-sleep', 'jquery']);
  assert.equal(packages.find((p) => p.name === 'sleep-utils')?.indirect, false, 'declared by importer "subdir"');
});

test('tarball and git packages take name and version from their fields; local file: packages are skipped', async () => {
  const archives = await runCataloger(cataloger, trivyPnpm('pnpm-lock_archives.yaml'));
  assert.deepEqual(ids(archives.packages), ['asynckit@0.4.0', 'debug@4.3.4', 'is-negative@2.0.1', 'ms@2.1.2']);
  assert.equal(archives.packages.find((p) => p.name === 'debug')?.indirect, false);
  const commits = await runCataloger(cataloger, scalibrPnpm('commits.v9.yaml'));
  assert.deepEqual(ids(commits.packages), ['ansi-regex@6.0.1', 'is-number@7.0.0']);
});

test('5.x keys with a registry host, scopes and peer suffixes', async () => {
  const { packages } = await runCataloger(cataloger, scalibrPnpm('exotic.yaml'));
  assert.deepEqual(ids(packages), ['@foo/bar@1.0.0', '@foo/bar@1.1.0', 'foo@1.0.0', 'foo@1.1.0', 'foo@1.2.0', 'foo@1.3.0', 'foo@1.4.0']);
});

test("a leading document locking pnpm's own tooling is not part of the project", async () => {
  const { packages } = await runCataloger(cataloger, trivyPnpm('pnpm-lock_v9_multiple_documents.yaml'));
  assert.deepEqual(ids(packages), ['is-number@7.0.0']);
});

test('malformed files warn and report nothing', async () => {
  const notYaml = await runCataloger(cataloger, scalibrPnpm('not-yaml.txt'), 'pnpm-lock.yaml');
  assert.deepEqual(notYaml, { packages: [], warnings: ['pnpm-lock.yaml: no lockfileVersion; not a pnpm lockfile'] });
  const corrupt = await runCataloger(cataloger, syft('syft/pkg/cataloger/javascript/testdata/corrupt/pnpm-lock.yaml'), 'pnpm-lock.yaml');
  assert.equal(corrupt.packages.length, 0);
  assert.match(corrupt.warnings[0], /^pnpm-lock\.yaml: not valid YAML \(/);
  const empty = await runCataloger(cataloger, scalibrPnpm('empty.yaml'));
  assert.equal(empty.packages.length, 0);
});
