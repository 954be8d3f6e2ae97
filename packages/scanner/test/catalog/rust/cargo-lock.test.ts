import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { cargoLockCataloger } from '../../../src/catalog/rust/cargo-lock.ts';
import { ids, runCataloger } from '../../../test-support/run-cataloger.ts';

const trivy = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy');
const parserData = join(trivy, 'pkg/dependency/parser/rust/cargo/testdata');
const syft = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/pkg/cataloger/rust/testdata');
const CRATES_IO = 'registry+https://github.com/rust-lang/crates.io-index';

test('wants project Cargo.lock files, not those of crates Cargo unpacked', () => {
  const wants = (p: string) => cargoLockCataloger.wants(p, { size: 1, mode: 0o644 });
  assert.equal(wants('Cargo.lock'), true);
  assert.equal(wants('src/app/Cargo.lock'), true);
  assert.equal(wants('src/app/Cargo.toml'), false);
  assert.equal(wants('root/.cargo/registry/src/index.crates.io-6f17d22bba15001f/ripgrep-14.1.0/Cargo.lock'), false);
  assert.equal(wants('usr/local/cargo/git/checkouts/regex-1a069b9232c607b3/1a069b9/Cargo.lock'), false);
});

test("Trivy's cargo repo fixture: its golden report plus the crates only a dev-dependency pulls in", async () => {
  const { packages, warnings } = await runCataloger(
    cargoLockCataloger,
    join(trivy, 'integration/testdata/fixtures/repo/cargo/Cargo.lock'),
    'Cargo.lock',
  );
  assert.deepEqual(warnings, []);
  const golden = JSON.parse(readFileSync(join(trivy, 'integration/testdata/cargo.lock.json.golden'), 'utf8'));
  const expected = golden.Results.flatMap((r: { Packages?: { Name: string; Version: string }[] }) => r.Packages ?? []).map(
    (p: { Name: string; Version: string }) => `${p.Name}@${p.Version}`,
  );
  // Trivy drops winapi and its two platform crates because Cargo.toml lists winapi under
  // [dev-dependencies]; the lockfile alone does not say so.
  const devOnly = ['winapi@0.3.9', 'winapi-i686-pc-windows-gnu@0.4.0', 'winapi-x86_64-pc-windows-gnu@0.4.0'];
  assert.deepEqual(ids(packages), [...expected, ...devOnly].sort());
  const app = packages.find((p) => p.name === 'app');
  assert.deepEqual(app, {
    name: 'app',
    version: '0.1.0',
    type: 'cargo',
    ecosystem: 'crates.io',
    purl: 'pkg:cargo/app@0.1.0',
    locations: [{ path: 'Cargo.lock' }],
  });
  assert.deepEqual(packages.find((p) => p.name === 'regex')?.metadata, { source: CRATES_IO });
  // Two versions of one crate are two packages.
  assert.deepEqual(packages.filter((p) => p.name === 'memchr').map((p) => p.version), ['1.0.2', '2.7.4']);
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
