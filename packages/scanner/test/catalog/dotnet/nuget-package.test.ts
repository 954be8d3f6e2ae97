import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nugetPackages } from '../../../src/catalog/dotnet/nuget-package.ts';

const file = { path: 'app/packages.lock.json', layer: 'sha256:cd' };

test('a NuGet entry becomes a NuGet package with its purl, ID case kept', () => {
  const [pkg] = nugetPackages([{ name: 'Newtonsoft.Json', version: '12.0.3', indirect: false }], file);
  assert.deepEqual(pkg, {
    name: 'Newtonsoft.Json',
    version: '12.0.3',
    type: 'nuget',
    ecosystem: 'NuGet',
    purl: 'pkg:nuget/Newtonsoft.Json@12.0.3',
    indirect: false,
    locations: [{ path: 'app/packages.lock.json', layer: 'sha256:cd' }],
  });
});

test('four-part and pre-release versions are valid; ranges and bad IDs are not packages', () => {
  const pkgs = nugetPackages(
    [
      { name: 'AWSSDK.Core', version: '3.5.1.30' },
      { name: 'Microsoft.VisualStudio.TestPlatform.Common', version: '17.2.0-release-20220408-11' },
      { name: 'Ranged', version: '[1.0, )' },
      { name: 'bad id', version: '1.0.0' },
    ],
    file,
  );
  assert.deepEqual(pkgs.map((p) => p.name), ['AWSSDK.Core', 'Microsoft.VisualStudio.TestPlatform.Common']);
});

test('one package per ID and version, direct when any listing is direct', () => {
  const pkgs = nugetPackages(
    [
      { name: 'Microsoft.CSharp', version: '4.3.0', indirect: true },
      { name: 'Microsoft.CSharp', version: '4.3.0', indirect: false },
    ],
    file,
  );
  assert.equal(pkgs.length, 1);
  assert.equal(pkgs[0].indirect, false);
});

test('the root flag and edges to reported packages are kept', () => {
  const pkgs = nugetPackages(
    [
      { name: 'App', version: '1.0.0', root: true, dependsOn: ['Serilog@2.10.0', 'Api@1.0.0'] },
      { name: 'Serilog', version: '2.10.0' },
    ],
    file,
  );
  assert.deepEqual(pkgs.map((p) => [p.name, p.root, p.dependsOn]), [['App', true, ['Serilog@2.10.0']], ['Serilog', undefined, undefined]]);
});
