import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gemspecCataloger, parseGemspec } from '../../../src/catalog/ruby/gemspec.ts';
import { runOnBytes } from '../../../test-support/run-cataloger.ts';

// Shaped like what `Gem::Specification#to_ruby` writes on install (RubyGems 3.x).
const RACK = `# -*- encoding: utf-8 -*-
# stub: rack 2.2.22 ruby lib

Gem::Specification.new do |s|
  s.name = "rack".freeze
  s.version = "2.2.22"

  s.required_rubygems_version = Gem::Requirement.new(">= 0".freeze) if s.respond_to? :required_rubygems_version=
  s.metadata = { "bug_tracker_uri" => "https://github.com/rack/rack/issues" } if s.respond_to? :metadata=
  s.require_paths = ["lib".freeze]
  s.authors = ["Leah Neukirchen".freeze]
  s.licenses = ["MIT".freeze]
  s.summary = "A modular Ruby webserver interface.".freeze

  if s.respond_to? :add_runtime_dependency then
    s.add_development_dependency(%q<minitest>.freeze, ["~> 5.0"])
  end
end
`;

// RubyGems 1.x/2.x wrote %q{} literals and a single `license`.
const OLD = `Gem::Specification.new do |spec|
  spec.name = %q{json}
  spec.version = "1.8.1"
  spec.platform = %q{java}
  spec.license = %q{Ruby}
  spec.licenses = ['Ruby', "BSD-2-Clause"]
end
`;

test('wants gemspecs under specifications/, including default gems', () => {
  const wants = (p: string) => gemspecCataloger.wants(p, { size: 1, mode: 0o644 });
  assert.equal(wants('usr/local/bundle/specifications/rack-2.2.22.gemspec'), true);
  assert.equal(wants('usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec'), true);
  assert.equal(wants('usr/share/rubygems-integration/all/specifications/rack-2.2.22.gemspec'), true);
  assert.equal(wants('specifications/rack-2.2.22.gemspec'), true);
  assert.equal(wants('src/mygem/mygem.gemspec'), false);
  assert.equal(wants('usr/local/bundle/specifications/rack-2.2.22.gemspec.bak'), false);
});

test('an installed gemspec: name, version and licenses from literal assignments', async () => {
  const path = 'usr/local/bundle/specifications/rack-2.2.22.gemspec';
  const { packages, warnings } = await runOnBytes(gemspecCataloger, RACK, path);
  assert.deepEqual(warnings, []);
  assert.deepEqual(packages, [
    {
      name: 'rack',
      version: '2.2.22',
      type: 'gem',
      ecosystem: 'RubyGems',
      purl: 'pkg:gem/rack@2.2.22',
      licenses: ['MIT'],
      locations: [{ path }],
    },
  ]);
});

test('older %q{} literals, any block variable, platform and both license fields', () => {
  assert.deepEqual(parseGemspec(OLD), { name: 'json', version: '1.8.1', platforms: ['java'], licenses: ['Ruby', 'BSD-2-Clause'] });
});

test('values that are not literals are never guessed: the file is not an installed gemspec', async () => {
  const source = 'Gem::Specification.new do |spec|\n  spec.name = "foo"\n  spec.version = Foo::VERSION\nend\n';
  const { packages, warnings } = await runOnBytes(gemspecCataloger, source, 'specifications/foo.gemspec');
  assert.deepEqual(packages, []);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^specifications\/foo\.gemspec: .*not an installed gemspec/);
});

test('text without a specification block warns', async () => {
  const { packages, warnings } = await runOnBytes(gemspecCataloger, '\u0000\u0001binary', 'specifications/x.gemspec');
  assert.deepEqual(packages, []);
  assert.match(warnings[0], /not a gemspec/);
});
