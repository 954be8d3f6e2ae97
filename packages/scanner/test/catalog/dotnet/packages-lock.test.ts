import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { packagesLockCataloger } from '../../../src/catalog/dotnet/packages-lock.ts';
import { ids, runCataloger } from '../../../test-support/run-cataloger.ts';

const trivy = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy');
const parserData = join(trivy, 'pkg/dependency/parser/nuget/lock/testdata');
const syft = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/pkg/cataloger/dotnet/testdata');
const LOCK = 'src/app/packages.lock.json';

test('wants packages.lock.json files', () => {
  const wants = (p: string) => packagesLockCataloger.wants(p, { size: 1, mode: 0o644 });
  assert.equal(wants('packages.lock.json'), true);
  assert.equal(wants(LOCK), true);
  assert.equal(wants('src/app/my.packages.lock.json'), false);
});

test("Trivy's nuget repo fixture: the same packages as its golden report", async () => {
  const { packages, warnings } = await runCataloger(packagesLockCataloger, join(trivy, 'integration/testdata/fixtures/repo/nuget/packages.lock.json'), LOCK);
  assert.deepEqual(warnings, []);
  const golden = JSON.parse(readFileSync(join(trivy, 'integration/testdata/nuget.json.golden'), 'utf8'));
  const expected = golden.Results.flatMap((r: { Packages?: { Name: string; Version: string }[] }) => r.Packages ?? [])
    .map((p: { Name: string; Version: string }) => `${p.Name}@${p.Version}`)
    .sort();
  assert.deepEqual(ids(packages), expected);
  assert.ok(packages.every((p) => p.indirect === false));
});

test('Project entries are other projects of the solution, not packages', async () => {
  const { packages } = await runCataloger(packagesLockCataloger, join(parserData, 'packages_lock_legacy.json'), LOCK);
  assert.deepEqual(ids(packages), ['AWSSDK.Core@3.5.1.30', 'Newtonsoft.Json@12.0.3']);
});

test('Transitive entries are indirect', async () => {
  const { packages } = await runCataloger(packagesLockCataloger, join(parserData, 'packages_lock_subdependencies.json'), LOCK);
  assert.equal(packages.length, 8);
  assert.deepEqual(packages.filter((p) => !p.indirect).map((p) => p.name).sort(), ['Newtonsoft.Json', 'NuGet.Frameworks', 'Swashbuckle.AspNetCore']);
  assert.equal(packages.find((p) => p.name === 'Microsoft.OpenApi')?.indirect, true);
});

test('several target frameworks: one package per ID and version, versions per framework kept', async () => {
  const multi = await runCataloger(packagesLockCataloger, join(parserData, 'packages_lock_multi.json'), LOCK);
  assert.equal(multi.packages.length, 40);
  assert.ok(ids(multi.packages).includes('NETStandard.Library@1.6.1'));
  assert.ok(ids(multi.packages).includes('NETStandard.Library@2.0.3'));
  const mixed = await runCataloger(packagesLockCataloger, join(syft, 'packages.lock.json'), LOCK);
  assert.equal(mixed.packages.length, 9);
  assert.deepEqual(mixed.packages.filter((p) => p.name === 'log4net').map((p) => p.version).sort(), ['1.2.15', '2.0.5']);
  assert.equal(mixed.packages.find((p) => p.name === 'bootstrap')?.indirect, false);
});

test('a real .NET 8 app lock: framework with packages and an empty runtime-specific one', async () => {
  const { packages } = await runCataloger(packagesLockCataloger, join(syft, 'image-net8-app/src/packages.lock.json'), LOCK);
  assert.equal(packages.length, 51);
  assert.equal(packages.filter((p) => !p.indirect).length, 2);
});

test('a lock with no packages is empty, not an error', async () => {
  const { packages, warnings } = await runCataloger(
    packagesLockCataloger,
    join(trivy, 'pkg/fanal/analyzer/language/dotnet/nuget/testdata/lock-without-deps/packages.lock.json'),
    LOCK,
  );
  assert.deepEqual(packages, []);
  assert.deepEqual(warnings, []);
});

test('malformed files warn and report nothing', async () => {
  const bogus = await runCataloger(packagesLockCataloger, join(syft, 'glob-paths/src/packages.lock.json'), LOCK);
  assert.deepEqual(bogus.packages, []);
  assert.deepEqual(bogus.warnings, [`${LOCK}: not a JSON object`]);
  const sad = await runCataloger(packagesLockCataloger, join(trivy, 'pkg/fanal/analyzer/language/dotnet/nuget/testdata/sad/invalid.txt'), LOCK);
  assert.deepEqual(sad.packages, []);
  assert.equal(sad.warnings.length, 1);
});
