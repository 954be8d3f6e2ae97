import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Package } from '@vigil/schema';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { depsJsonCataloger } from '../../../src/catalog/dotnet/deps-json.ts';
import { goldenIds, trivyGolden } from '../../../test-support/fixtures.ts';
import { ids, runCataloger } from '../../../test-support/run-cataloger.ts';

const trivy = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy');
const parserData = join(trivy, 'pkg/dependency/parser/dotnet/core_deps/testdata');
const syft = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/pkg/cataloger/dotnet/testdata');
const run = (path: string) => runCataloger(depsJsonCataloger, path, 'app/App.deps.json');
/** Ids of what the app loads, the app itself left out. */
const libraries = (packages: Package[]) => ids(packages.filter((p) => !p.root));

test('wants *.deps.json files', () => {
  const wants = (p: string) => depsJsonCataloger.wants(p, { size: 1, mode: 0o644 });
  assert.equal(wants('app/datacollector.deps.json'), true);
  assert.equal(wants('usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.0/Microsoft.NETCore.App.deps.json'), true);
  assert.equal(wants('app/App.runtimeconfig.json'), false);
  assert.equal(wants('app/deps.json.bak'), false);
});

test("Trivy's dotnet repo fixture: exactly its golden report, the application as root", async () => {
  const { packages, warnings } = await run(join(trivy, 'integration/testdata/fixtures/repo/dotnet/datacollector.deps.json'));
  assert.deepEqual(warnings, []);
  const golden = trivyGolden('dotnet');
  assert.deepEqual(ids(packages), goldenIds(golden));
  assert.deepEqual(ids(packages.filter((p) => p.root)), goldenIds(golden.filter((p) => p.Relationship === 'root')));
  // The application (library type "project") is built from this source: reported so an SBOM is
  // complete, never matched (an advisory for a NuGet package of that name is not about it).
  assert.deepEqual(packages.find((p) => p.root), {
    name: 'Microsoft.VisualStudio.TestPlatform.Common',
    version: '17.2.0-release-20220408-11',
    type: 'nuget',
    ecosystem: 'NuGet',
    purl: 'pkg:nuget/Microsoft.VisualStudio.TestPlatform.Common@17.2.0-release-20220408-11',
    root: true,
    locations: [{ path: 'app/App.deps.json' }],
  });
  assert.deepEqual(packages.find((p) => !p.root), {
    name: 'Newtonsoft.Json',
    version: '9.0.1',
    type: 'nuget',
    ecosystem: 'NuGet',
    purl: 'pkg:nuget/Newtonsoft.Json@9.0.1',
    locations: [{ path: 'app/App.deps.json' }],
  });
});

test('the root is the project named like the file, else the one no other project references; referenced projects are not reported', async () => {
  const roots = async (path: string, as = 'app/App.deps.json') =>
    (await runCataloger(depsJsonCataloger, path, as)).packages.map((p) => `${p.root ? 'root ' : ''}${p.name}`);
  assert.deepEqual(await roots(join(parserData, 'happy.deps.json')), ['root ExampleApp1', 'Newtonsoft.Json']);
  // Web references Api, Api references Data.
  assert.deepEqual(await roots(join(parserData, 'multi-project.deps.json')), ['root Web', 'Newtonsoft.Json']);
  // Web and Worker: neither references the other, so which one runs cannot be told...
  assert.deepEqual(await roots(join(parserData, 'ambiguous-root.deps.json')), ['Newtonsoft.Json']);
  // ...unless the file is named after one.
  assert.deepEqual(await roots(join(parserData, 'ambiguous-root.deps.json'), 'app/Worker.deps.json'), ['root Worker', 'Newtonsoft.Json']);
  const lib = await runCataloger(depsJsonCataloger, join(syft, 'dir-example-1/TestLibrary.deps.json'), 'app/TestLibrary.deps.json');
  assert.deepEqual(lib.packages.filter((p) => p.root).map((p) => p.name), ['TestLibrary']);
  assert.ok(!lib.packages.some((p) => p.name === 'TestCommon'));
});

test("the runtime target's dependencies become edges between reported packages", async () => {
  const lib = await run(join(syft, 'dir-example-1/TestLibrary.deps.json'));
  const edges = Object.fromEntries(lib.packages.map((p) => [p.name, p.dependsOn]));
  assert.deepEqual(edges['Serilog.Sinks.Console'], ['Serilog@2.10.0']);
  assert.deepEqual(edges['Microsoft.Extensions.Options'], ['Microsoft.Extensions.DependencyInjection.Abstractions@6.0.0', 'Microsoft.Extensions.Primitives@6.0.0']);
  // Runtime packs are named by their NuGet ID on both ends.
  const contained = await run(join(parserData, 'self-contained.deps.json'));
  assert.ok(contained.packages.find((p) => p.root)?.dependsOn?.includes('Microsoft.NETCore.App.Runtime.linux-x64@8.0.0'));
});

test('packages that deploy nothing for the runtime target are not reported', async () => {
  const { packages } = await run(join(parserData, 'without-runtime.deps.json'));
  // JsonDiffPatch has runtime assets, Libuv native runtimeTargets; the meta-packages and
  // framework-provided packages only have dependencies, or no entry in the target at all.
  assert.deepEqual(libraries(packages), ['JsonDiffPatch@2.0.61', 'Libuv@1.9.1']);
  const lib = await run(join(syft, 'dir-example-1/TestLibrary.deps.json'));
  assert.equal(libraries(lib.packages).length, 10);
  assert.ok(!lib.packages.some((p) => p.name === 'System.Diagnostics.DiagnosticSource' || p.name === 'System.Runtime.CompilerServices.Unsafe'));
});

test('without the runtime target every package is reported', async () => {
  const { packages } = await run(join(parserData, 'missing-target.deps.json'));
  assert.deepEqual(libraries(packages), ['Newtonsoft.Json@13.0.1']);
});

test('a self-contained app reports the bundled runtime packs under their NuGet IDs', async () => {
  const { packages } = await run(join(parserData, 'self-contained.deps.json'));
  assert.deepEqual(libraries(packages), [
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
  assert.deepEqual(libraries(packages), ['Newtonsoft.Json@13.0.3']);
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
