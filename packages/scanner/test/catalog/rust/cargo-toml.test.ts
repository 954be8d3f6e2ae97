import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cargoTomlCataloger as cataloger } from '../../../src/catalog/rust/cargo-toml.ts';
import { trivy } from '../../../test-support/fixtures.ts';
import { runCataloger, runOnBytes } from '../../../test-support/run-cataloger.ts';
import { txtarFiles } from '../../../test-support/txtar.ts';

const analyzerCase = (name: string) =>
  txtarFiles(readFileSync(trivy('pkg/fanal/analyzer/language/rust/cargo/testdata', `${name}.txtar`), 'utf8'));
const manifestOf = async (text: string) => (await runOnBytes(cataloger, text, 'Cargo.toml')).manifest;

test('wants project Cargo.toml files, not those of crates Cargo unpacked', () => {
  const wants = (p: string) => cataloger.wants(p, { size: 1, mode: 0o644 });
  assert.equal(wants('Cargo.toml'), true);
  assert.equal(wants('src/app/Cargo.toml'), true);
  assert.equal(wants('src/app/Cargo.lock'), false);
  assert.equal(wants('root/.cargo/registry/src/index.crates.io-6f17d22bba15001f/ripgrep-14.1.0/Cargo.toml'), false);
  assert.equal(wants('usr/local/cargo/git/checkouts/regex-1a069b9232c607b3/1a069b9/Cargo.toml'), false);
});

test("Trivy's cargo fixture: the project, target-specific dependencies as production, dev-dependencies as dev", async () => {
  const { manifest, packages, warnings } = await runCataloger(cataloger, trivy('integration/testdata/fixtures/repo/cargo/Cargo.toml'), 'Cargo.toml');
  assert.deepEqual(warnings, []);
  assert.deepEqual(packages, []);
  assert.deepEqual(manifest, {
    ecosystem: 'crates.io',
    project: { name: 'app', version: '0.1.0' },
    dependencies: ['regex', 'memchr'],
    devDependencies: ['winapi'],
  });
});

test('[workspace.dependencies] only declare what members may inherit', async () => {
  const manifest = await manifestOf(analyzerCase('happy').get('Cargo.toml') as string);
  assert.deepEqual(manifest?.dependencies, ['regex', 'memchr']);
});

test('a virtual workspace declares no project', async () => {
  const files = analyzerCase('toml-workspace-members');
  assert.deepEqual(await runOnBytes(cataloger, files.get('Cargo.toml') as string, 'Cargo.toml'), { packages: [], warnings: [] });
  // A member inheriting a workspace dependency depends on it under the same name.
  assert.deepEqual((await manifestOf(files.get('member2/Cargo.toml') as string))?.dependencies, ['regex']);
});

test('build-dependencies are production, renamed dependencies are the crate they name, `_` spellings count', async () => {
  const manifest = await manifestOf(
    [
      '[package]',
      'name = "tool"',
      'version.workspace = true',
      '[workspace.package]',
      'version = "2.1.0"',
      '[workspace.dependencies]',
      'json = { package = "serde_json", version = "1" }',
      '[dependencies]',
      'web = { package = "reqwest", version = "0.12" }',
      'json = { workspace = true }',
      '[build-dependencies]',
      'cc = "1"',
      "[target.'cfg(windows)'.build-dependencies]",
      'winres = "0.1"',
      "[target.'cfg(unix)'.dev-dependencies]",
      'nix = "0.29"',
      '[dev_dependencies]',
      'proptest = "1"',
    ].join('\n'),
  );
  assert.deepEqual(manifest, {
    ecosystem: 'crates.io',
    project: { name: 'tool', version: '2.1.0' },
    dependencies: ['reqwest', 'serde_json', 'cc', 'winres'],
    devDependencies: ['proptest', 'nix'],
  });
});

test('a malformed manifest warns and declares nothing', async () => {
  const { manifest, warnings } = await runOnBytes(cataloger, analyzerCase('wrong-cargo-toml').get('Cargo.toml') as string, 'Cargo.toml');
  assert.equal(manifest, undefined);
  assert.match(warnings[0], /^Cargo\.toml: not valid TOML/);
});
