import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attribute, parseManifest } from '../../../src/catalog/java/manifest.ts';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';

const syftManifests = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/pkg/cataloger/java/testdata/manifest');
const scalibrManifests = join(unpackedCorpus('fixtures/scalibr.tar.gz'), 'scalibr/extractor/filesystem/language/java/archive/testdata');
const read = (dir: string, name: string) => parseManifest(readFileSync(join(dir, name), 'utf8'));

test('continuation lines join without the leading space', () => {
  const m = read(syftManifests, 'continuation');
  assert.equal(attribute(m, 'Plugin-ScmUrl'), 'https://github.com/jenkinsci/plugin-pom/example-jenkins-plugin');
  const guava = read(scalibrManifests, 'manifest-symbolicname/MANIFEST.MF');
  assert.equal(attribute(guava, 'Export-Package'), 'com.google.common.util.concurrent.internal;version="1.0.1"');
  assert.equal(attribute(guava, 'Bundle-Version'), '1.0.1');
});

test('names are case-insensitive', () => {
  const m = read(scalibrManifests, 'combine-manifest-filename/MANIFEST.MF');
  assert.equal(attribute(m, 'extension-name'), 'org.apache.ivy');
  assert.equal(attribute(m, 'IMPLEMENTATION-VENDOR-ID'), 'org.apache');
});

test('main-section attributes win; entry sections fill in what it lacks', () => {
  const axis = read(scalibrManifests, 'axis/MANIFEST.MF');
  assert.equal(axis.entries.length, 1);
  assert.equal(attribute(axis, 'Implementation-Title'), 'Apache Axis');
  assert.equal(attribute(axis, 'Created-By'), '1.4.2_08-b03 (Sun Microsystems Inc.)');
  const m = read(syftManifests, 'extra-empty-lines');
  assert.equal(attribute(m, 'Created-By'), 'Apache Maven 3.6.3');
  assert.deepEqual(m.entries.map((s) => s.get('name')).filter(Boolean), ['thing-1', 'thing-2']);
  assert.equal(attribute(m, 'Built-By'), '?');
});

test('junk lines are skipped, not fatal', () => {
  const m = read(syftManifests, 'leading-space');
  assert.equal(attribute(m, 'Key-keykeykey'), 'initialconfig:com');
  assert.equal(attribute(m, 'should'), 'parse');
  assert.equal(attribute(parseManifest(''), 'Manifest-Version'), undefined);
});
