import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { gemfileLockCataloger } from '../../../src/catalog/ruby/gemfile-lock.ts';
import { ids, runCataloger, runOnBytes } from '../../../test-support/run-cataloger.ts';

const trivy = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy/pkg/dependency/parser/ruby/bundler/testdata');
const syft = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/pkg/cataloger/ruby/testdata');

test('wants Bundler lockfiles, but not ones shipped inside installed gems', () => {
  const wants = (p: string) => gemfileLockCataloger.wants(p, { size: 1, mode: 0o644 });
  assert.equal(wants('Gemfile.lock'), true);
  assert.equal(wants('srv/app/gems.locked'), true);
  assert.equal(wants('srv/app/Gemfile.next.lock'), true);
  assert.equal(wants('srv/app/Gemfile'), false);
  assert.equal(wants('srv/app/NotGemfile.lock'), false);
  assert.equal(wants('usr/local/bundle/gems/rack-2.2.8/Gemfile.lock'), false);
  assert.equal(wants('usr/local/bundle/bundler/gems/turbolinks-80216ce9d899/Gemfile.lock'), false);
  // A monorepo folder named gems/ holds projects, not installed gems.
  assert.equal(wants('gems/billing/Gemfile.lock'), true);
});

test('Bundler 1 lockfile: every spec, direct ones from DEPENDENCIES', async () => {
  const { packages, warnings } = await runCataloger(gemfileLockCataloger, join(trivy, 'Gemfile_normal.lock'), 'Gemfile.lock');
  assert.deepEqual(warnings, []);
  assert.deepEqual(ids(packages), [
    'coderay@1.1.2',
    'concurrent-ruby@1.1.5',
    'dotenv@2.7.2',
    'faker@1.9.3',
    'i18n@1.6.0',
    'method_source@0.9.2',
    'pry@0.12.2',
  ]);
  const direct = packages.filter((p) => p.indirect === false).map((p) => p.name).sort();
  assert.deepEqual(direct, ['dotenv', 'faker', 'pry']);
  const pry = packages.find((p) => p.name === 'pry');
  assert.equal(pry?.purl, 'pkg:gem/pry@0.12.2');
  assert.deepEqual(pry?.metadata, { source: 'rubygems', remote: 'https://rubygems.org/' });
});

test('Bundler 2 lockfile', async () => {
  const { packages } = await runCataloger(gemfileLockCataloger, join(trivy, 'Gemfile_bundler2.lock'), 'Gemfile.lock');
  assert.equal(packages.length, 8);
  assert.ok(ids(packages).includes('json@2.6.2'));
  assert.ok(ids(packages).includes('concurrent-ruby@1.1.10'));
});

test('GEM, GIT and PATH sections count; an unknown section does not', async () => {
  const { packages, warnings } = await runCataloger(gemfileLockCataloger, join(syft, 'Gemfile.lock'), 'Gemfile.lock');
  assert.deepEqual(warnings, []);
  assert.equal(packages.length, 52);
  const byName = new Map(packages.map((p) => [p.name, p]));
  assert.deepEqual(byName.get('google-cloud-errors')?.metadata, { source: 'path', remote: '../google-cloud-errors' });
  assert.deepEqual(byName.get('turbolinks')?.metadata, {
    source: 'git',
    remote: 'https://github.com/rails/turbolinks.git',
    revision: '80216ce9d89920bf073709405e3fce6d0a3ccd9a',
  });
  assert.equal(byName.get('arel')?.version, '5.0.1.20140414130214');
  assert.equal(byName.get('bad-entry'), undefined);
  // `name!` in DEPENDENCIES marks a direct gem from a git or path source.
  assert.equal(byName.get('turbolinks')?.indirect, false);
  assert.equal(byName.get('rails')?.indirect, false);
  assert.equal(byName.get('actionmailer')?.indirect, true);
});

test('platform-specific specs: the platform is not part of the version, one package per version', async () => {
  const lock = [
    'GEM',
    '  remote: https://rubygems.org/',
    '  specs:',
    '    nokogiri (1.16.0-arm64-darwin)',
    '      racc (~> 1.4)',
    '    nokogiri (1.16.0-x86_64-linux)',
    '      racc (~> 1.4)',
    '    racc (1.7.3)',
    '',
    'PLATFORMS',
    '  arm64-darwin',
    '  x86_64-linux',
    '',
    'DEPENDENCIES',
    '  nokogiri',
    '',
  ].join('\r\n');
  const { packages } = await runOnBytes(gemfileLockCataloger, lock, 'Gemfile.lock');
  assert.deepEqual(ids(packages), ['nokogiri@1.16.0', 'racc@1.7.3']);
  assert.deepEqual(packages[0].metadata?.platforms, ['arm64-darwin', 'x86_64-linux']);
  assert.equal(packages[1].indirect, true);
});

test('a lockfile without a DEPENDENCIES section leaves directness unknown', async () => {
  const { packages } = await runOnBytes(gemfileLockCataloger, 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rake (13.1.0)\n', 'Gemfile.lock');
  assert.equal(packages[0].indirect, undefined);
});

test('old lockfiles list several gem servers; the first is the primary source', async () => {
  const lock = 'GEM\n  remote: https://rubygems.org/\n  remote: https://gems.example.com/\n  specs:\n    rake (13.1.0)\n';
  const { packages } = await runOnBytes(gemfileLockCataloger, lock, 'Gemfile.lock');
  assert.deepEqual(packages[0].metadata, { source: 'rubygems', remote: 'https://rubygems.org/' });
});

test('malformed lockfiles warn and report nothing', async () => {
  for (const path of [join(trivy, 'Gemfile_malformed.lock'), join(syft, 'glob-paths/src/Gemfile.lock')]) {
    const { packages, warnings } = await runCataloger(gemfileLockCataloger, path, 'Gemfile.lock');
    assert.deepEqual(packages, []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^Gemfile\.lock: .*not a Gemfile\.lock/);
  }
});
