import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { composerInstalledCataloger } from '../../../src/catalog/php/composer-installed.ts';
import { ids, runCataloger, runOnBytes } from '../../../test-support/run-cataloger.ts';

const trivy = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy');
const syft = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/pkg/cataloger/php/testdata');
const INSTALLED = 'var/www/vendor/composer/installed.json';

test('wants installed.json only in Composer\'s metadata directory', () => {
  const wants = (p: string) => composerInstalledCataloger.wants(p, { size: 1, mode: 0o644 });
  assert.equal(wants(INSTALLED), true);
  assert.equal(wants('app/libs/composer/installed.json'), true);
  assert.equal(wants('opt/tool/installed.json'), false);
  assert.equal(wants('vendor/composer/installed.php'), false);
});

test("Trivy's composer-vendor fixture: the same packages as its golden report", async () => {
  const { packages, warnings } = await runCataloger(
    composerInstalledCataloger,
    join(trivy, 'integration/testdata/fixtures/repo/composer-vendor/installed.json'),
    INSTALLED,
  );
  assert.deepEqual(warnings, []);
  const golden = JSON.parse(readFileSync(join(trivy, 'integration/testdata/composer.vendor.json.golden'), 'utf8'));
  const expected = golden.Results.flatMap((r: { Packages?: { Name: string; Version: string }[] }) => r.Packages ?? [])
    .map((p: { Name: string; Version: string }) => `${p.Name}@${p.Version}`)
    .sort();
  assert.deepEqual(ids(packages), expected);
  // Composer 2 with an empty dev-package-names: all production.
  assert.ok(packages.every((p) => p.dev === false));
});

test('Composer 1 (bare array) and Composer 2 (object) forms list the same packages', async () => {
  const v1 = await runCataloger(composerInstalledCataloger, join(syft, 'vendor/composer_1/installed.json'), INSTALLED);
  const v2 = await runCataloger(composerInstalledCataloger, join(syft, 'vendor/composer_2/installed.json'), INSTALLED);
  assert.deepEqual(ids(v1.packages), ['asm89/stack-cors@1.3.0', 'behat/mink@v1.8.1']);
  assert.deepEqual(ids(v2.packages), ids(v1.packages));
  // Only Composer 2 records which packages were dev requirements.
  assert.deepEqual(v1.packages.map((p) => p.dev), [undefined, undefined]);
  assert.deepEqual(v2.packages.map((p) => [p.name, p.dev]), [
    ['asm89/stack-cors', false],
    ['behat/mink', true],
  ]);
});

test('malformed files warn and report nothing', async () => {
  const sad = await runCataloger(
    composerInstalledCataloger,
    join(trivy, 'pkg/fanal/analyzer/language/php/composer/testdata/composer-vendor/sad/installed.json'),
    INSTALLED,
  );
  assert.deepEqual(sad.packages, []);
  assert.match(sad.warnings[0], /not valid JSON/);
  const foreign = await runOnBytes(composerInstalledCataloger, '{"installed": true}', INSTALLED);
  assert.deepEqual(foreign.packages, []);
  assert.match(foreign.warnings[0], /not a Composer installed\.json/);
});
