import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Package } from '@vigil/schema';
import { goModCataloger, goModPackages, parseGoMod } from '../../../src/catalog/golang/gomod.ts';
import { goSumCataloger } from '../../../src/catalog/golang/gosum.ts';
import type { CatalogContext, CatalogFile } from '../../../src/catalog/cataloger.ts';
import { mergeDuplicates } from '../../../src/packages.ts';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';

const trivy = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy');
const scalibrMods = join(unpackedCorpus('fixtures/scalibr.tar.gz'), 'scalibr/extractor/filesystem/language/golang/gomod/testdata');
const syftGolang = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/pkg/cataloger/golang/testdata');
const ctx: CatalogContext = { tempDir: '/nonexistent', warn: (m) => assert.fail(`unexpected warning: ${m}`) };

function fileAt(abs: string, path: string): CatalogFile {
  const buf = readFileSync(abs);
  return { path, size: buf.length, mode: 0o644, read: async () => buf };
}

function modPackages(abs: string, path = 'go.mod'): Promise<Package[]> {
  return Promise.resolve(goModCataloger.catalog(fileAt(abs, path), ctx)).then((r) => r.packages ?? []);
}

const summary = (pkgs: Package[]) => pkgs.map((p) => `${p.name}@${p.version}${p.indirect ? ' (indirect)' : ''}`);

test('wants go.mod files only', () => {
  assert.ok(goModCataloger.wants('go.mod', { size: 10, mode: 0o644 }));
  assert.ok(goModCataloger.wants('src/app/go.mod', { size: 10, mode: 0o644 }));
  assert.ok(!goModCataloger.wants('src/app/notgo.mod', { size: 10, mode: 0o644 }));
  assert.ok(!goModCataloger.wants('src/app/go.mod.bak', { size: 10, mode: 0o644 }));
});

test("Trivy's gomod repo: every package its golden report names is found", async () => {
  const repo = join(trivy, 'integration/testdata/fixtures/repo/gomod');
  const golden = JSON.parse(readFileSync(join(trivy, 'integration/testdata/gomod.json.golden'), 'utf8')) as {
    Results: { Target: string; Vulnerabilities?: { PkgName: string; InstalledVersion: string }[] }[];
  };
  let checked = 0;
  for (const result of golden.Results) {
    // submod2 declares `go 1.15`: its go.mod lacks transitive modules, which go.sum supplies.
    const sum = join(repo, dirname(result.Target), 'go.sum');
    const pkgs = mergeDuplicates([
      ...(await modPackages(join(repo, result.Target), result.Target)),
      ...(existsSync(sum) ? ((await goSumCataloger.catalog(fileAt(sum, 'go.sum'), ctx)).packages ?? []) : []),
    ]);
    for (const v of result.Vulnerabilities ?? []) {
      assert.ok(pkgs.some((p) => p.name === v.PkgName && p.version === v.InstalledVersion), `${result.Target}: ${v.PkgName}@${v.InstalledVersion}`);
      checked++;
    }
  }
  assert.ok(checked >= 5);
});

test('a Go 1.17 go.mod: both require blocks, direct and indirect', async () => {
  const pkgs = await modPackages(join(trivy, 'integration/testdata/fixtures/repo/gomod/go.mod'));
  assert.equal(pkgs.length, 18);
  assert.deepEqual(summary(pkgs).slice(0, 4), [
    'github.com/open-policy-agent/opa@v0.35.0',
    'golang.org/x/net@v0.0.0-20211111083644-e5c967477495',
    'golang.org/x/sys@v0.0.0-20211205182925-97ca703d548d',
    'github.com/docker/distribution@v2.7.1+incompatible (indirect)',
  ]);
  assert.equal(pkgs[0].purl, 'pkg:golang/github.com/open-policy-agent/opa@v0.35.0');
});

test('replace directives: version-specific, path-wide, mixed, unused and local', async () => {
  const cases: Record<string, string[]> = {
    'replace-one.mod': ['example.com/fork/net@v1.4.5'],
    'replace-different.mod': ['example.com/fork/foe@v1.4.5', 'example.com/fork/foe@v1.4.2'],
    'replace-mixed.mod': ['example.com/fork/net@v1.4.5', 'golang.org/x/net@v0.5.6'],
    'replace-no-version.mod': ['example.com/fork/net@v1.4.5', 'example.com/fork/net@v1.4.5'],
    'replace-not-required.mod': ['golang.org/x/net@v0.5.6', 'github.com/BurntSushi/toml@v1.0.0'],
    'replace-local.mod': ['golang.org/x/net@(devel)', 'github.com/BurntSushi/toml@v1.0.0'],
    'toolchain.mod': ['github.com/BurntSushi/toml@v1.0.0'],
    'not-go-mod.mod': [],
    'empty.mod': [],
  };
  for (const [name, expected] of Object.entries(cases)) {
    assert.deepEqual(summary(await modPackages(join(scalibrMods, name))), expected, name);
  }
  const [local] = await modPackages(join(scalibrMods, 'replace-local.mod'));
  assert.deepEqual(local.metadata, { replaces: 'golang.org/x/net@v1.2.3', localReplace: './fork/net' });
  assert.equal(local.purl, 'pkg:golang/golang.org/x/net');
});

test('a replacement for another version of the module does not apply', async () => {
  const dir = join(trivy, 'pkg/dependency/parser/golang/mod/testdata');
  assert.deepEqual(summary(await modPackages(join(dir, 'replaced-with-version-mismatch/go.mod')))[0], 'github.com/aquasecurity/go-dep-parser@v0.0.0-20211224170007-df43bca6b6ff');
  assert.deepEqual(summary(await modPackages(join(dir, 'replaced-with-local-path-and-version-mismatch/go.mod')))[1], 'golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1 (indirect)');
});

test('path-wide replacements inside a replace block keep the indirect flag', async () => {
  assert.deepEqual(summary(await modPackages(join(syftGolang, 'go-source-replacements/go.mod'))), [
    'rsc.io/quote@v1.5.2',
    'golang.org/x/text@v0.0.0-20170915032832-14c0d48ead0c (indirect)',
    'rsc.io/sampler@v1.3.1 (indirect)',
  ]);
});

test('parser: comments, quoting, single-line blocks, exclude and retract', () => {
  const mod = parseGoMod(
    [
      '// leading comment',
      'module "example.com/quoted" // the module',
      'go 1.21',
      'require ()',
      'require example.com/a v1.0.0 // indirect; needed by b',
      'require example.com/b v1.1.0 // not indirect',
      'require (',
      '\t`example.com/c` v0.1.0 //indirect',
      ')',
      'exclude example.com/a v0.9.0',
      'retract [v1.0.0, v1.0.5]',
      'replace example.com/b => example.com/b-fork v1.1.1',
      'tool example.com/tool',
    ].join('\r\n'),
  );
  assert.equal(mod.module, 'example.com/quoted');
  assert.equal(mod.go, '1.21');
  assert.deepEqual(mod.requires, [
    { path: 'example.com/a', version: 'v1.0.0', indirect: true },
    { path: 'example.com/b', version: 'v1.1.0', indirect: false },
    { path: 'example.com/c', version: 'v0.1.0', indirect: true },
  ]);
  assert.deepEqual(mod.replaces, [{ from: { path: 'example.com/b' }, to: { path: 'example.com/b-fork', version: 'v1.1.1' } }]);
  assert.deepEqual(summary(goModPackages(mod, { path: 'go.mod' })), [
    'example.com/a@v1.0.0 (indirect)',
    'example.com/b-fork@v1.1.1',
    'example.com/c@v0.1.0 (indirect)',
  ]);
});
