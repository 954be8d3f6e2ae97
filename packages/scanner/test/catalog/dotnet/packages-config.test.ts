import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { packagesConfigCataloger } from '../../../src/catalog/dotnet/packages-config.ts';
import { ids, runCataloger, runOnBytes } from '../../../test-support/run-cataloger.ts';

const trivy = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy');
const parserData = join(trivy, 'pkg/dependency/parser/nuget/config/testdata');
const CONFIG = 'src/Web/packages.config';

test('wants packages.config files', () => {
  const wants = (p: string) => packagesConfigCataloger.wants(p, { size: 1, mode: 0o644 });
  assert.equal(wants(CONFIG), true);
  assert.equal(wants('packages.config'), true);
  assert.equal(wants('src/Web/web.config'), false);
});

test('every <package>, with a byte-order mark before the declaration', async () => {
  const { packages, warnings } = await runCataloger(packagesConfigCataloger, join(parserData, 'packages.config'), CONFIG);
  assert.deepEqual(warnings, []);
  assert.deepEqual(ids(packages), ['Microsoft.AspNet.WebApi@5.2.2', 'Newtonsoft.Json@6.0.4']);
  assert.equal(packages[0].purl, 'pkg:nuget/Microsoft.AspNet.WebApi@5.2.2');
  assert.equal(packages[0].dev, false);
});

test('developmentDependency="true" marks a dev package', async () => {
  const { packages } = await runCataloger(packagesConfigCataloger, join(parserData, 'dev_dependency.config'), CONFIG);
  assert.deepEqual(packages.map((p) => [p.name, p.dev]), [
    ['Microsoft.Net.Compilers', true],
    ['Newtonsoft.Json', false],
  ]);
});

test("commented-out packages do not count; single quotes and entities are XML's", async () => {
  const xml = `<?xml version="1.0"?>
<packages>
  <!-- <package id="Old.Lib" version="1.0.0" /> -->
  <package version='2.1.0' id='Acme&#46;Tools' targetFramework="net48"/>
  <package
      id="Acme.Core" version="3.0.0-beta.1" />
</packages>`;
  const { packages } = await runOnBytes(packagesConfigCataloger, xml, CONFIG);
  assert.deepEqual(ids(packages), ['Acme.Core@3.0.0-beta.1', 'Acme.Tools@2.1.0']);
});

test('a truncated file warns and reports nothing', async () => {
  const { packages, warnings } = await runCataloger(packagesConfigCataloger, join(parserData, 'malformed_xml.config'), CONFIG);
  assert.deepEqual(packages, []);
  assert.deepEqual(warnings, [`${CONFIG}: no complete <packages> element; not a NuGet packages.config`]);
});
