import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { depsJsonCataloger } from '../../../src/catalog/dotnet/deps-json.ts';
import { ids, runCataloger } from '../../../test-support/run-cataloger.ts';

const trivy = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy');
const parserData = join(trivy, 'pkg/dependency/parser/dotnet/core_deps/testdata');
const syft = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/pkg/cataloger/dotnet/testdata');
const run = (path: string) => runCataloger(depsJsonCataloger, path, 'app/App.deps.json');

test('wants *.deps.json files', () => {
  const wants = (p: string) => depsJsonCataloger.wants(p, { size: 1, mode: 0o644 });
  assert.equal(wants('app/datacollector.deps.json'), true);
  assert.equal(wants('usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.0/Microsoft.NETCore.App.deps.json'), true);
  assert.equal(wants('app/App.runtimeconfig.json'), false);
  assert.equal(wants('app/deps.json.bak'), false);
});

test("Trivy's dotnet repo fixture: its golden report except the project itself", async () => {
  const { packages, warnings } = await run(join(trivy, 'integration/testdata/fixtures/repo/dotnet/datacollector.deps.json'));
  assert.deepEqual(warnings, []);
  const golden = JSON.parse(readFileSync(join(trivy, 'integration/testdata/dotnet.json.golden'), 'utf8'));
  const expected = golden.Results.flatMap((r: { Packages?: { Name: string; Version: string }[] }) => r.Packages ?? [])
    .map((p: { Name: string; Version: string }) => `${p.Name}@${p.Version}`)
    .sort();
  // Trivy reports the application (library type "project") as its root package; it is built
  // from this source, not restored from NuGet, so an advisory for a package of that name is not about it.
  const project = 'Microsoft.VisualStudio.TestPlatform.Common@17.2.0-release-20220408-11';
  assert.ok(expected.includes(project));
  assert.deepEqual(ids(packages), expected.filter((id: string) => id !== project));
  assert.deepEqual(packages[0], {
    name: 'Newtonsoft.Json',
    version: '9.0.1',
    type: 'nuget',
    ecosystem: 'NuGet',
    purl: 'pkg:nuget/Newtonsoft.Json@9.0.1',
    locations: [{ path: 'app/App.deps.json' }],
  });
});

test('projects are skipped however many there are', async () => {
  for (const name of ['happy', 'multi-project', 'ambiguous-root']) {
    const { packages } = await run(join(parserData, `${name}.deps.json`));
    assert.deepEqual(packages.map((p) => p.name), ['Newtonsoft.Json'], name);
  }
});

test('packages that deploy nothing for the runtime target are not reported', async () => {
  const { packages } = await run(join(parserData, 'without-runtime.deps.json'));
  // JsonDiffPatch has runtime assets, Libuv native runtimeTargets; the meta-packages and
  // framework-provided packages only have dependencies, or no entry in the target at all.
  assert.deepEqual(ids(packages), ['JsonDiffPatch@2.0.61', 'Libuv@1.9.1']);
  const lib = await run(join(syft, 'dir-example-1/TestLibrary.deps.json'));
  assert.equal(lib.packages.length, 10);
  assert.ok(!lib.packages.some((p) => p.name === 'System.Diagnostics.DiagnosticSource' || p.name === 'System.Runtime.CompilerServices.Unsafe'));
});

test('without the runtime target every package is reported', async () => {
  const { packages } = await run(join(parserData, 'missing-target.deps.json'));
  assert.deepEqual(ids(packages), ['Newtonsoft.Json@13.0.1']);
});

test('a self-contained app reports the bundled runtime packs under their NuGet IDs', async () => {
  const { packages } = await run(join(parserData, 'self-contained.deps.json'));
  assert.deepEqual(ids(packages), [
    'Microsoft.AspNetCore.App.Runtime.linux-x64@8.0.0',
    'Microsoft.NETCore.App.Runtime.linux-x64@8.0.0',
    'Newtonsoft.Json@13.0.1',
  ]);
  const runtime = packages.find((p) => p.name === 'Microsoft.NETCore.App.Runtime.linux-x64');
  assert.equal(runtime?.purl, 'pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@8.0.0');
  assert.deepEqual(runtime?.metadata, { runtimePack: true });
});

test('reference assemblies are compile-time facades, not packages', async () => {
  const { packages } = await run(join(syft, 'deps-with-referenceassembly/MyApp.deps.json'));
  assert.deepEqual(ids(packages), ['Newtonsoft.Json@13.0.3']);
});

test('a deps.json without libraries has no packages and is not an error', async () => {
  const { packages, warnings } = await run(join(parserData, 'no-libraries.deps.json'));
  assert.deepEqual(packages, []);
  assert.deepEqual(warnings, []);
});

test('malformed files warn and report nothing', async () => {
  for (const path of [join(parserData, 'invalid.deps.json'), join(syft, 'glob-paths/src/something.deps.json')]) {
    const { packages, warnings } = await run(path);
    assert.deepEqual(packages, []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^app\/App\.deps\.json: not valid JSON/);
  }
});
