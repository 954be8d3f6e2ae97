import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gemPackages, gemPurl, isGemVersion } from '../../../src/catalog/ruby/gem.ts';

const file = { path: 'app/Gemfile.lock', layer: 'sha256:ab' };

test('a gem becomes a RubyGems package located in its file', () => {
  const [pkg] = gemPackages([{ name: 'rack', version: '2.2.8', licenses: ['MIT'], indirect: false }], file);
  assert.deepEqual(pkg, {
    name: 'rack',
    version: '2.2.8',
    type: 'gem',
    ecosystem: 'RubyGems',
    purl: 'pkg:gem/rack@2.2.8',
    licenses: ['MIT'],
    indirect: false,
    locations: [{ path: 'app/Gemfile.lock', layer: 'sha256:ab' }],
  });
});

test('the purl names a single binary platform; pure-Ruby and multi-platform gems have none', () => {
  assert.equal(gemPurl('nokogiri', '1.16.0', 'x86_64-linux'), 'pkg:gem/nokogiri@1.16.0?platform=x86_64-linux');
  assert.equal(gemPurl('rack', '2.2.8', 'ruby'), 'pkg:gem/rack@2.2.8');
  const [one, many, plain] = gemPackages(
    [
      { name: 'ffi', version: '1.16.3', platforms: ['x86_64-linux'] },
      { name: 'nokogiri', version: '1.16.0', platforms: ['x86_64-linux', 'arm64-darwin'] },
      { name: 'rake', version: '13.1.0', platforms: ['ruby'] },
    ],
    file,
  );
  assert.equal(one.purl, 'pkg:gem/ffi@1.16.3?platform=x86_64-linux');
  assert.deepEqual(one.metadata, { platforms: ['x86_64-linux'] });
  assert.equal(many.purl, 'pkg:gem/nokogiri@1.16.0');
  assert.deepEqual(many.metadata, { platforms: ['x86_64-linux', 'arm64-darwin'] });
  assert.equal(plain.metadata, undefined);
});

test('versions RubyGems could not have stored are dropped, as are bad names', () => {
  assert.equal(isGemVersion('1.0.0.pre.rc1'), true);
  assert.equal(isGemVersion('1.0.0-rc1'), false);
  const pkgs = gemPackages(
    [
      { name: 'ok', version: '1.0' },
      { name: 'bad name', version: '1.0' },
      { name: 'x', version: 'master' },
    ],
    file,
  );
  assert.deepEqual(pkgs.map((p) => p.name), ['ok']);
});

test('the same gem listed twice in one file is one package', () => {
  const pkgs = gemPackages([{ name: 'rack', version: '2.2.8' }, { name: 'rack', version: '2.2.8' }], file);
  assert.equal(pkgs.length, 1);
});
