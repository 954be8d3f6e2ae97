import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { cargoLockCataloger } from '../../../src/catalog/rust/cargo-lock.ts';
import { catalogDirectory } from '../../../test-support/catalog-directory.ts';
import { goldenIds, trivyGolden } from '../../../test-support/fixtures.ts';
import { ids, runCataloger } from '../../../test-support/run-cataloger.ts';

const trivy = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy');
const parserData = join(trivy, 'pkg/dependency/parser/rust/cargo/testdata');
const syft = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/pkg/cataloger/rust/testdata');
const CRATES_IO = 'registry+https://github.com/rust-lang/crates.io-index';
const runCargoLock = (path: string) => runCataloger(cargoLockCataloger, path, 'Cargo.lock');

test('wants project Cargo.lock files, not those of crates Cargo unpacked', () => {
  const wants = (p: string) => cargoLockCataloger.wants(p, { size: 1, mode: 0o644 });
  assert.equal(wants('Cargo.lock'), true);
  assert.equal(wants('src/app/Cargo.lock'), true);
  assert.equal(wants('src/app/Cargo.toml'), false);
  assert.equal(wants('root/.cargo/registry/src/index.crates.io-6f17d22bba15001f/ripgrep-14.1.0/Cargo.lock'), false);
  assert.equal(wants('usr/local/cargo/git/checkouts/regex-1a069b9232c607b3/1a069b9/Cargo.lock'), false);
});

test("Trivy's cargo repo fixture with its Cargo.toml: exactly the golden's production crates, the project as root", async () => {
  const { packages, warnings } = await catalogDirectory(join(trivy, 'integration/testdata/fixtures/repo/cargo'));
  assert.deepEqual(warnings, []);
  const golden = trivyGolden('cargo.lock');
  assert.deepEqual(ids(packages.filter((p) => !p.dev)), goldenIds(golden));
  assert.deepEqual(ids(packages.filter((p) => p.root)), goldenIds(golden.filter((p) => p.Relationship === 'root')));
  // Cargo.toml lists winapi under [dev-dependencies]; the lockfile alone does not say so.
  assert.deepEqual(ids(packages.filter((p) => p.dev)), ['winapi-i686-pc-windows-gnu@0.4.0', 'winapi-x86_64-pc-windows-gnu@0.4.0', 'winapi@0.3.9']);
  // The golden's direct crates are the root's; `memchr 1.0.2` in the lockfile pins which memchr that is.
  assert.deepEqual(
    ids(packages.filter((p) => p.indirect === false && !p.dev)),
    goldenIds(golden.filter((p) => p.Relationship === 'direct')),
  );
});

test('the lockfile alone: every crate, its dependencies as edges, no root', async () => {
  const { packages, warnings } = await runCargoLock(join(trivy, 'integration/testdata/fixtures/repo/cargo/Cargo.lock'));
  assert.deepEqual(warnings, []);
  assert.equal(packages.length, 10);
  const app = packages.find((p) => p.name === 'app');
  assert.deepEqual(app, {
    name: 'app',
    version: '0.1.0',
    type: 'cargo',
    ecosystem: 'crates.io',
    purl: 'pkg:cargo/app@0.1.0',
    locations: [{ path: 'Cargo.lock' }],
    // `"memchr 1.0.2"` names a version because two are locked; `"regex"` needs none.
    dependsOn: ['memchr@1.0.2', 'regex@1.7.3', 'winapi@0.3.9'],
  });
  assert.deepEqual(packages.find((p) => p.name === 'regex')?.metadata, { source: CRATES_IO });
  assert.deepEqual(packages.find((p) => p.name === 'regex')?.dependsOn, ['aho-corasick@0.7.20', 'memchr@2.7.4', 'regex-syntax@0.6.29']);
  // Two versions of one crate are two packages.
  assert.deepEqual(packages.filter((p) => p.name === 'memchr').map((p) => p.version), ['1.0.2', '2.7.4']);
});

test('v1 references carry the source: a crate and its git fork at one version are told apart', async () => {
  const normal = await runCargoLock(join(parserData, 'cargo_normal.lock'));
  assert.deepEqual(normal.packages.find((p) => p.name === 'url')?.dependsOn, ['idna@0.1.5', 'matches@0.1.8', 'percent-encoding@1.0.1']);
  // `"regex 1.11.1 (git+https://github.com/rust-lang/regex.git)"` is the entry whose source adds `#<commit>`.
  const { packages } = await runCargoLock(join(syft, 'Cargo.lock-with-git-deps'));
  assert.deepEqual(packages.find((p) => p.name === 'hello_world')?.dependsOn, ['nom-regex@0.2.0', 'regex@1.11.1']);
  const gitAutomata = packages.find((p) => p.name === 'regex-automata' && String(p.metadata?.source).startsWith('git+'));
  assert.deepEqual(gitAutomata?.dependsOn, ['aho-corasick@1.1.3', 'memchr@2.7.4', 'regex-syntax@0.8.5']);
});

test('v1 lockfiles with a [metadata] table, v3 lockfiles, and TOML multi-line strings', async () => {
  const normal = await runCataloger(cargoLockCataloger, join(parserData, 'cargo_normal.lock'), 'Cargo.lock');
  const expectedV1 = ['idna@0.1.5', 'libc@0.2.54', 'matches@0.1.8', 'normal@0.1.0', 'percent-encoding@1.0.1', 'typemap@0.3.3', 'unsafe-any@0.4.2', 'url@1.7.2'];
  assert.deepEqual(ids(normal.packages), expectedV1);
  // Same crates, with entries after [metadata] and `version = """1.7.2"""`.
  const mixed = await runCataloger(cargoLockCataloger, join(parserData, 'cargo_mixed.lock'), 'Cargo.lock');
  assert.deepEqual(ids(mixed.packages), expectedV1);
  const v3 = await runCataloger(cargoLockCataloger, join(parserData, 'cargo_v3.lock'), 'Cargo.lock');
  assert.equal(v3.packages.length, 9);
  assert.deepEqual(v3.packages.filter((p) => p.name === 'regex-syntax').map((p) => p.version), ['0.5.6', '0.6.29']);
});

test('a crate from crates.io and its git fork at the same version are both kept, with their sources', async () => {
  const { packages } = await runCataloger(cargoLockCataloger, join(syft, 'Cargo.lock-with-git-deps'), 'Cargo.lock');
  assert.equal(packages.length, 12);
  const regex = packages.filter((p) => p.name === 'regex');
  assert.deepEqual(regex.map((p) => p.metadata?.source).sort(), [
    'git+https://github.com/rust-lang/regex.git#1a069b9232c607b34c4937122361aa075ef573fa',
    CRATES_IO,
  ]);
});

test('path dependencies have no source and are reported', async () => {
  const { packages } = await runCataloger(cargoLockCataloger, join(syft, 'path-deps/Cargo.lock'), 'Cargo.lock');
  assert.deepEqual(ids(packages), ['app@1.0.0', 'memchr@2.7.4', 'telemetry@0.1.0']);
  assert.equal(packages.find((p) => p.name === 'telemetry')?.metadata, undefined);
});

test('syft\'s Cargo.lock: every crate', async () => {
  const { packages } = await runCataloger(cargoLockCataloger, join(syft, 'Cargo.lock'), 'Cargo.lock');
  assert.equal(packages.length, 14);
  assert.deepEqual(packages.filter((p) => p.name === 'windows-sys').map((p) => p.version), ['0.52.0', '0.59.0']);
});

test('malformed lockfiles warn and report nothing', async () => {
  for (const path of [join(parserData, 'cargo_invalid.lock'), join(syft, 'glob-paths/src/Cargo.lock')]) {
    const { packages, warnings } = await runCataloger(cargoLockCataloger, path, 'Cargo.lock');
    assert.deepEqual(packages, []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^Cargo\.lock: /);
  }
});
