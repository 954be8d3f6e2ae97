import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '@vigil/schema';
import type { CatalogResult, ProjectManifest } from '../../src/catalog/cataloger.ts';
import { linkManifests } from '../../src/catalog/manifests.ts';
import type { SurvivingResult } from '../../src/layers.ts';
import { catalogDirectory } from '../../test-support/catalog-directory.ts';
import { goldenIds, trivy, trivyGolden } from '../../test-support/fixtures.ts';
import { ids } from '../../test-support/run-cataloger.ts';
import { txtarDirectory } from '../../test-support/txtar.ts';

type Result = SurvivingResult<CatalogResult>;

function pkg(id: string, dependsOn: string[] = [], extra: Partial<Package> = {}): Package {
  const at = id.lastIndexOf('@');
  return {
    name: id.slice(0, at),
    version: id.slice(at + 1),
    type: 'npm',
    ecosystem: 'npm',
    locations: [{ path: 'app/yarn.lock' }],
    ...(dependsOn.length ? { dependsOn } : {}),
    ...extra,
  };
}
const lockfile = (packages: Package[], path = 'app/yarn.lock'): Result => ({ path, layerKey: 'l0', result: { packages } });
const manifest = (m: Partial<ProjectManifest>, path = 'app/package.json'): Result => ({
  path,
  layerKey: 'l0',
  result: { manifest: { ecosystem: 'npm', dependencies: [], devDependencies: [], ...m } },
});
const packagesOf = (results: Result[]) => results.flatMap((r) => r.result.packages ?? []);
/** id → [dev, indirect] of every non-root package. */
const flags = (results: Result[]) =>
  Object.fromEntries(packagesOf(results).filter((p) => !p.root).map((p) => [`${p.name}@${p.version}`, [p.dev, p.indirect]]));

test('the manifest beside a lockfile adds the project as root and tells dev from production', () => {
  const linked = linkManifests([
    manifest({ project: { name: 'web', version: '1.0.0' }, dependencies: ['jquery'], devDependencies: ['promise'] }),
    lockfile([pkg('jquery@3.2.1'), pkg('promise@8.0.3', ['asap@2.0.6']), pkg('asap@2.0.6')]),
  ]);
  const root = packagesOf(linked).find((p) => p.root);
  assert.deepEqual(root, {
    name: 'web',
    version: '1.0.0',
    type: 'npm',
    ecosystem: 'npm',
    purl: 'pkg:npm/web@1.0.0',
    root: true,
    dependsOn: ['jquery@3.2.1', 'promise@8.0.3'],
    locations: [{ path: 'app/package.json' }],
  });
  assert.deepEqual(flags(linked), {
    'jquery@3.2.1': [false, false],
    'promise@8.0.3': [true, false],
    'asap@2.0.6': [true, true],
  });
});

test('diamonds: a package shared by production and dev dependencies is production', () => {
  const linked = linkManifests([
    manifest({ dependencies: ['a'], devDependencies: ['x'] }),
    lockfile([
      pkg('a@1.0.0', ['b@1.0.0', 'c@1.0.0']),
      pkg('b@1.0.0', ['shared@1.0.0']),
      pkg('c@1.0.0', ['shared@1.0.0']),
      pkg('shared@1.0.0'),
      pkg('x@1.0.0', ['y@1.0.0', 'z@1.0.0', 'shared@1.0.0']),
      pkg('y@1.0.0', ['w@1.0.0']),
      pkg('z@1.0.0', ['w@1.0.0']),
      pkg('w@1.0.0'),
    ]),
  ]);
  assert.deepEqual(flags(linked), {
    'a@1.0.0': [false, false],
    'b@1.0.0': [false, true],
    'c@1.0.0': [false, true],
    'shared@1.0.0': [false, true],
    'x@1.0.0': [true, false],
    'y@1.0.0': [true, true],
    'z@1.0.0': [true, true],
    'w@1.0.0': [true, true],
  });
});

test('cycles terminate and keep their side', () => {
  const linked = linkManifests([
    manifest({ dependencies: ['a'], devDependencies: ['x'] }),
    lockfile([pkg('a@1.0.0', ['b@1.0.0']), pkg('b@1.0.0', ['a@1.0.0']), pkg('x@1.0.0', ['y@1.0.0']), pkg('y@1.0.0', ['x@1.0.0', 'a@1.0.0'])]),
  ]);
  assert.deepEqual(flags(linked), {
    'a@1.0.0': [false, false],
    'b@1.0.0': [false, true],
    'x@1.0.0': [true, false],
    'y@1.0.0': [true, true],
  });
});

test('what a lockfile entry no direct dependency explains needs is never marked dev', () => {
  // `member-dep` is needed by a workspace member the root manifest does not list.
  const linked = linkManifests([
    manifest({ devDependencies: ['tool'] }),
    lockfile([pkg('tool@1.0.0', ['shared@1.0.0']), pkg('member-dep@1.0.0', ['shared@1.0.0']), pkg('shared@1.0.0'), pkg('test-only@1.0.0')]),
  ]);
  assert.deepEqual(flags(linked), {
    'tool@1.0.0': [true, false],
    'member-dep@1.0.0': [undefined, undefined],
    'shared@1.0.0': [undefined, true],
    'test-only@1.0.0': [undefined, undefined],
  });
});

test('flags the lockfile states itself are kept', () => {
  const linked = linkManifests([
    manifest({ dependencies: ['a'], devDependencies: ['x'] }),
    lockfile([pkg('a@1.0.0', ['b@1.0.0'], { dev: true }), pkg('b@1.0.0'), pkg('x@1.0.0', [], { dev: false, indirect: true })]),
  ]);
  assert.deepEqual(flags(linked), {
    'a@1.0.0': [true, false],
    'b@1.0.0': [false, true],
    'x@1.0.0': [false, true],
  });
});

test('only a manifest in the same directory and ecosystem is linked', () => {
  const alone = lockfile([pkg('a@1.0.0')], 'other/yarn.lock');
  const elsewhere = lockfile([pkg('a@1.0.0')], 'app/sub/yarn.lock');
  const crates = lockfile([pkg('a@1.0.0', [], { type: 'cargo', ecosystem: 'crates.io' })], 'app/Cargo.lock');
  const input = [manifest({ project: { name: 'web', version: '1.0.0' }, devDependencies: ['a'] }), alone, elsewhere, crates];
  const linked = linkManifests(input);
  assert.equal(linked[1], alone);
  assert.equal(linked[2], elsewhere);
  assert.equal(linked[3], crates);
  assert.ok(!packagesOf(linked).some((p) => p.root || p.dev !== undefined));
});

test('a locked entry that is the project becomes the root; its locked edges pin the direct versions', () => {
  const crate = (id: string, deps: string[] = []) => pkg(id, deps, { type: 'cargo', ecosystem: 'crates.io', locations: [{ path: 'app/Cargo.lock' }] });
  const linked = linkManifests([
    { path: 'app/Cargo.toml', layerKey: 'l0', result: { manifest: { ecosystem: 'crates.io', project: { name: 'app', version: '0.1.0' }, dependencies: ['memchr', 'regex'], devDependencies: [] } } },
    lockfile([crate('app@0.1.0', ['memchr@1.0.2', 'regex@1.7.3']), crate('memchr@1.0.2'), crate('regex@1.7.3', ['memchr@2.7.4']), crate('memchr@2.7.4')], 'app/Cargo.lock'),
  ]);
  const packages = packagesOf(linked);
  assert.equal(packages.length, 4);
  assert.deepEqual(packages.filter((p) => p.root).map((p) => p.name), ['app']);
  assert.deepEqual(flags(linked), {
    'memchr@1.0.2': [false, false],
    'regex@1.7.3': [false, false],
    'memchr@2.7.4': [false, true],
  });
});

test('a lockfile that names its root keeps it; an ambiguous project name adds none', () => {
  const rooted = linkManifests([
    manifest({ project: { name: 'web', version: '2.0.0' }, dependencies: ['a'] }),
    lockfile([pkg('web@1.0.0', ['a@1.0.0'], { root: true }), pkg('a@1.0.0')]),
  ]);
  assert.deepEqual(ids(packagesOf(rooted).filter((p) => p.root)), ['web@1.0.0']);
  // No version in the manifest and two locked entries of its name: neither is known to be the project.
  const ambiguous = linkManifests([manifest({ project: { name: 'lib' } }), lockfile([pkg('lib@1.0.0'), pkg('lib@2.0.0')])]);
  assert.ok(!packagesOf(ambiguous).some((p) => p.root));
  const single = linkManifests([manifest({ project: { name: 'lib' } }), lockfile([pkg('lib@1.0.0'), pkg('other@2.0.0')])]);
  assert.deepEqual(ids(packagesOf(single).filter((p) => p.root)), ['lib@1.0.0']);
});

test('a scoped project without a version gets a purl with its namespace and no version', () => {
  const linked = linkManifests([manifest({ project: { name: '@acme/web' } }), lockfile([pkg('a@1.0.0')])]);
  const root = packagesOf(linked).find((p) => p.root);
  assert.equal(root?.version, '');
  assert.equal(root?.purl, 'pkg:npm/%40acme/web');
});

test('inputs are not mutated', () => {
  const input = [manifest({ project: { name: 'web', version: '1.0.0' }, devDependencies: ['a'] }), lockfile([pkg('a@1.0.0', ['b@1.0.0']), pkg('b@1.0.0')])];
  const before = structuredClone(input);
  linkManifests(input);
  assert.deepEqual(input, before);
});

/** Trivy golden → its repo fixture. Trivy's `fs` goldens come from lockfiles and manifests; it reads installed node_modules trees only in images. */
const GOLDEN_FIXTURES: [golden: string, repo: string][] = [
  ['yarn', 'yarn'],
  ['cargo.lock', 'cargo'],
  ['dotnet', 'dotnet'],
  ['uv', 'uv'],
  ['npm', 'npm'],
  ['pnpm', 'pnpm'],
  ['bun', 'bun'],
  ['pip', 'pip'],
  ['pipenv', 'pipenv'],
  ['poetry', 'poetry'],
  ['pylock', 'pylock'],
  ['composer.lock', 'composer'],
  ['nuget', 'nuget'],
];
const scanRepo = (repo: string) => catalogDirectory(trivy('integration/testdata/fixtures/repo', repo), ['**/node_modules']);

for (const [golden, repo] of GOLDEN_FIXTURES) {
  test(`Trivy's ${repo} fixture, scanned as a directory, gives ${golden}.json.golden: its packages and its roots`, async () => {
    const { packages, warnings } = await scanRepo(repo);
    assert.deepEqual(warnings, []);
    const expected = trivyGolden(golden);
    assert.deepEqual(ids(packages.filter((p) => !p.dev)), goldenIds(expected));
    assert.deepEqual(ids(packages.filter((p) => p.root)), goldenIds(expected.filter((p) => p.Relationship === 'root')));
  });
}

test("Trivy's npm fixture gives npm-with-dev.json.golden, dev flags included", async () => {
  const { packages } = await scanRepo('npm');
  const flagged = (list: { id: string; dev: boolean }[]) => list.map((p) => `${p.id}${p.dev ? ' dev' : ''}`).sort();
  assert.deepEqual(
    flagged(packages.map((p) => ({ id: `${p.name}@${p.version}`, dev: p.dev === true }))),
    flagged(trivyGolden('npm-with-dev').map((p) => ({ id: `${p.Name}@${p.Version}`, dev: p.Dev === true }))),
  );
});

const yarnProject = (name: string) => catalogDirectory(trivy('pkg/fanal/analyzer/language/nodejs/yarn/testdata', name), ['**/node_modules']);
const devIds = (packages: Package[]) => ids(packages.filter((p) => p.dev));

test('aliases in package.json name the packages they install', async () => {
  const { packages } = await yarnProject('alias');
  assert.deepEqual(devIds(packages), ['@types/jsonstream@0.8.33', '@types/node@20.10.5', '@types/uuid@9.0.7', 'undici-types@5.26.5']);
  assert.ok(packages.find((p) => p.name === 'debug')?.dev === false);
});

test('a yarn workspace: only what the root manifest alone needs for development is dev', async () => {
  // Workspace members' manifests are in their own directories; what their dependencies need stays production.
  const { packages } = await yarnProject('monorepo');
  assert.deepEqual(devIds(packages), ['prettier@2.8.8']);
  assert.deepEqual(ids(packages.filter((p) => p.root)), ['yarn-workspace-test@1.0.0']);
});

test('without a manifest, or with a broken one, the lockfile keeps what it had', async () => {
  for (const name of ['no-packagejson', 'wrong-packagejson']) {
    const { packages } = await yarnProject(name);
    assert.ok(packages.length > 0);
    assert.ok(packages.every((p) => !p.root && p.dev === undefined && p.indirect === undefined), name);
  }
});

test('a Cargo virtual workspace declares no project: no root, nothing dev', async () => {
  const { packages } = await catalogDirectory(txtarDirectory(trivy('pkg/fanal/analyzer/language/rust/cargo/testdata/toml-workspace-members.txtar')));
  assert.ok(packages.length > 0);
  assert.ok(packages.every((p) => !p.root && !p.dev));
});

test("a Cargo project: dev-dependencies and what only they need are dev", async () => {
  const { packages } = await catalogDirectory(txtarDirectory(trivy('pkg/fanal/analyzer/language/rust/cargo/testdata/happy.txtar')));
  assert.deepEqual(ids(packages.filter((p) => p.root)), ['app@0.1.0']);
  assert.deepEqual(devIds(packages), ['winapi-i686-pc-windows-gnu@0.4.0', 'winapi-x86_64-pc-windows-gnu@0.4.0', 'winapi@0.3.9']);
});

test('a malformed Cargo.toml beside a valid Cargo.lock: a warning, and the lockfile as it is', async () => {
  const { packages, warnings } = await catalogDirectory(txtarDirectory(trivy('pkg/fanal/analyzer/language/rust/cargo/testdata/wrong-cargo-toml.txtar')));
  assert.equal(warnings.length, 1);
  assert.ok(packages.length > 0);
  assert.ok(packages.every((p) => !p.root && p.dev === undefined));
});
