import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Package } from '@vigil/schema';
import { MAX_GO_BINARY_SIZE, goBinaryCataloger } from '../../../src/catalog/golang/binary.ts';
import type { CatalogContext, CatalogFile } from '../../../src/catalog/cataloger.ts';
import { corpus, unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { goBuild, localGoVersion, writeTree } from './go-toolchain.ts';

const scalibrBinaries = join(
  unpackedCorpus('fixtures/scalibr.tar.gz'),
  'scalibr/extractor/filesystem/language/golang/gobinary/testdata',
);
const trivyBinaries = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy/pkg/fanal/analyzer/language/golang/binary/testdata');
const ctx: CatalogContext = { tempDir: '/nonexistent', warn: (m) => assert.fail(`unexpected warning: ${m}`) };

function fileAt(abs: string, path = 'usr/local/bin/prog'): CatalogFile {
  const buf = readFileSync(abs);
  return { path, size: buf.length, mode: 0o755, read: async () => buf };
}

async function catalog(abs: string): Promise<Package[]> {
  return (await goBinaryCataloger.catalog(fileAt(abs), ctx)).packages ?? [];
}

const summary = (pkgs: Package[]) => pkgs.map((p) => `${p.name}@${p.version}`);

test('wants non-empty executables up to the size cap, whatever their name', () => {
  assert.ok(goBinaryCataloger.wants('usr/bin/kubectl', { size: 50_000_000, mode: 0o755 }));
  assert.ok(goBinaryCataloger.wants('opt/app/server', { size: 1, mode: 0o100 }));
  assert.ok(!goBinaryCataloger.wants('usr/bin/kubectl', { size: 50_000_000, mode: 0o644 }));
  assert.ok(!goBinaryCataloger.wants('usr/bin/empty', { size: 0, mode: 0o755 }));
  assert.ok(!goBinaryCataloger.wants('disk.img', { size: MAX_GO_BINARY_SIZE + 1, mode: 0o755 }));
});

test('a real Go 1.22 binary: main module, the replacement that was compiled in, and stdlib', async () => {
  const pkgs = await catalog(join(scalibrBinaries, 'binary_with_module_replacement-linux-amd64'));
  assert.deepEqual(summary(pkgs), [
    'binary_with_module_replacement@(devel)',
    'github.com/golang/xerrors@v0.0.0-20220907171357-04be3eba64a2',
    'stdlib@v1.22.0',
  ]);
  const [main, dep, stdlib] = pkgs;
  assert.equal(main.metadata?.mainModule, true);
  assert.equal(dep.metadata?.replaces, 'golang.org/x/xerrors@v0.0.0-20220907171357-04be3eba64a2');
  assert.equal(dep.metadata?.h1, 'h1:Wpqq3XyrlysiTYqXPoaibAPvTMmnbHE42soloZAxtZY=');
  assert.equal(dep.purl, 'pkg:golang/github.com/golang/xerrors@v0.0.0-20220907171357-04be3eba64a2?arch=amd64');
  assert.equal(stdlib.ecosystem, 'Go');
  assert.equal(stdlib.arch, 'amd64');
  assert.deepEqual(stdlib.locations, [{ path: 'usr/local/bin/prog' }]);
});

test('the same program for other platforms yields the same modules', async () => {
  for (const target of ['linux-386', 'linux-arm64', 'windows-386', 'windows-arm64']) {
    const pkgs = await catalog(join(scalibrBinaries, `binary_with_module_replacement-${target}`));
    assert.equal(pkgs.length, 3, target);
    assert.equal(pkgs[1].name, 'github.com/golang/xerrors', target);
    assert.equal(pkgs[2].arch, target.split('-')[1], target);
  }
});

test('a binary built here with a vendored module and a directory replacement', { skip: !localGoVersion && 'go toolchain not installed' }, async () => {
  const root = writeTree({
    'app/go.mod': 'module example.com/app\n\ngo 1.17\n\nrequire (\n\texample.com/dep v1.0.0\n\texample.com/lib v1.2.3\n)\n\nreplace example.com/lib v1.2.3 => ../lib\n',
    'app/main.go': 'package main\n\nimport (\n\t"example.com/dep"\n\t"example.com/lib"\n)\n\nfunc main() { println(dep.Name(), lib.Name()) }\n',
    'app/vendor/modules.txt': '# example.com/dep v1.0.0\n## explicit\nexample.com/dep\n# example.com/lib v1.2.3 => ../lib\n## explicit\nexample.com/lib\n',
    'app/vendor/example.com/dep/dep.go': 'package dep\n\nfunc Name() string { return "dep" }\n',
    'app/vendor/example.com/lib/lib.go': 'package lib\n\nfunc Name() string { return "lib" }\n',
    'lib/go.mod': 'module example.com/lib\n\ngo 1.17\n',
    'lib/lib.go': 'package lib\n\nfunc Name() string { return "lib" }\n',
  });
  const pkgs = await catalog(goBuild(join(root, 'app')));
  assert.deepEqual(summary(pkgs), [
    'example.com/app@(devel)',
    'example.com/dep@v1.0.0',
    'example.com/lib@(devel)',
    `stdlib@${localGoVersion?.replace(/^go/, 'v')}`,
  ]);
  assert.deepEqual(pkgs[2].metadata, { goToolchain: localGoVersion, replaces: 'example.com/lib@v1.2.3', localReplace: '../lib' });
});

test('non-Go files yield nothing: a C program, a script, a truncated ELF', async () => {
  assert.deepEqual(await catalog('/bin/ls'), []);
  assert.deepEqual(await catalog(join(scalibrBinaries, 'dummy')), []);
  assert.deepEqual(await catalog(join(trivyBinaries, 'broken_elf')), []);
  assert.deepEqual(await catalog(corpus('README.md')), []);
});
