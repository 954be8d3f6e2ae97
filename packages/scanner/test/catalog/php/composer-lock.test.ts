import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { composerLockCataloger } from '../../../src/catalog/php/composer-lock.ts';
import { ids, runCataloger } from '../../../test-support/run-cataloger.ts';

const trivy = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy');
const syft = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/pkg/cataloger/php/testdata');

test('wants project composer.lock files, not those shipped under vendor/', () => {
  const wants = (p: string) => composerLockCataloger.wants(p, { size: 1, mode: 0o644 });
  assert.equal(wants('composer.lock'), true);
  assert.equal(wants('var/www/app/composer.lock'), true);
  assert.equal(wants('var/www/app/vendor/guzzlehttp/guzzle/composer.lock'), false);
  assert.equal(wants('var/www/app/composer.json'), false);
});

test("Trivy's composer repo fixture: the same packages as its golden report", async () => {
  const { packages, warnings } = await runCataloger(
    composerLockCataloger,
    join(trivy, 'integration/testdata/fixtures/repo/composer/composer.lock'),
    'composer.lock',
  );
  assert.deepEqual(warnings, []);
  const golden = JSON.parse(readFileSync(join(trivy, 'integration/testdata/composer.lock.json.golden'), 'utf8'));
  const expected = golden.Results.flatMap((r: { Packages?: { Name: string; Version: string }[] }) => r.Packages ?? [])
    .map((p: { Name: string; Version: string }) => `${p.Name}@${p.Version}`)
    .sort();
  assert.deepEqual(ids(packages), expected);
  assert.ok(packages.every((p) => p.dev === false && p.licenses?.[0] === 'MIT'));
});

test('packages are production, packages-dev are dev', async () => {
  const { packages } = await runCataloger(
    composerLockCataloger,
    join(trivy, 'pkg/dependency/parser/php/composer/testdata/composer_happy.lock'),
    'composer.lock',
  );
  assert.equal(packages.length, 10);
  assert.deepEqual(packages.filter((p) => p.dev).map((p) => `${p.name}@${p.version}`).sort(), ['pear/log@1.13.3', 'pear/pear_exception@v1.0.2']);
  const php72 = packages.find((p) => p.name === 'symfony/polyfill-php72');
  assert.equal(php72?.version, 'v1.27.0');
  assert.deepEqual(php72?.licenses, ['MIT or BSD-2-Clause']);
});

test("syft's composer.lock", async () => {
  const { packages } = await runCataloger(composerLockCataloger, join(syft, 'composer.lock'), 'composer.lock');
  assert.deepEqual(ids(packages), ['adoy/fastcgi-client@1.0.2', 'alcaeus/mongo-php-adapter@1.1.11', 'behat/gherkin@v4.6.2', 'codeception/codeception@4.1.6']);
  assert.deepEqual(packages.filter((p) => p.dev).map((p) => p.name).sort(), ['behat/gherkin', 'codeception/codeception']);
});

test('malformed or foreign JSON warns and reports nothing', async () => {
  for (const path of [
    join(syft, 'glob-paths/src/composer.lock'),
    join(trivy, 'pkg/fanal/analyzer/language/php/composer/testdata/composer/sad/composer.lock'),
  ]) {
    const { packages, warnings } = await runCataloger(composerLockCataloger, path, 'composer.lock');
    assert.deepEqual(packages, []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^composer\.lock: /);
  }
});
