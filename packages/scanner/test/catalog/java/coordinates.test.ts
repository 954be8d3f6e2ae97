import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromFileName, fromManifest, fromPomProperties, isPomPropertiesPath } from '../../../src/catalog/java/coordinates.ts';
import { parseManifest } from '../../../src/catalog/java/manifest.ts';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';

const syftJava = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/pkg/cataloger/java/testdata');
const scalibrManifests = join(unpackedCorpus('fixtures/scalibr.tar.gz'), 'scalibr/extractor/filesystem/language/java/archive/testdata');
const manifestAt = (path: string) => parseManifest(readFileSync(path, 'utf8'));

test('pom.properties only counts under META-INF/maven/<groupId>/<artifactId>/', () => {
  assert.ok(isPomPropertiesPath('META-INF/maven/org.opensaml/opensaml-core/pom.properties'));
  assert.ok(!isPomPropertiesPath('pom.properties'));
  assert.ok(!isPomPropertiesPath('src/test/resources/META-INF/maven/g/a/pom.properties'));
  assert.ok(!isPomPropertiesPath('META-INF/maven/g/pom.properties'));
});

test('pom.properties gives the coordinates; the entry path fills in missing ids', () => {
  const entry = 'META-INF/maven/org.opensaml/opensaml-core/pom.properties';
  const text = readFileSync(join(syftJava, 'jar-metadata/opensaml-core-3.4.6', entry), 'utf8');
  assert.deepEqual(fromPomProperties(entry, text), { groupId: 'org.opensaml', artifactId: 'opensaml-core', version: '3.4.6', source: 'pom.properties' });
  assert.deepEqual(fromPomProperties('META-INF/maven/com.example/lib/pom.properties', 'version=2.0'), {
    groupId: 'com.example',
    artifactId: 'lib',
    version: '2.0',
    source: 'pom.properties',
  });
  assert.equal(fromPomProperties('META-INF/maven/g/a/pom.properties', 'groupId=g\nartifactId=a\n'), undefined, 'no version');
  assert.equal(fromPomProperties('META-INF/maven/g/a/pom.properties', 'groupId=${group}\nversion=1'), undefined, 'unresolved placeholder');
});

test('file names split at the first "-<digit>"', () => {
  assert.deepEqual(fromFileName('commons-lang3-3.12.0.jar'), { artifactId: 'commons-lang3', version: '3.12.0' });
  assert.deepEqual(fromFileName('app-1.0-SNAPSHOT.war'), { artifactId: 'app', version: '1.0-SNAPSHOT' });
  assert.deepEqual(fromFileName('scala-library_2.13-2.13.12.jar'), { artifactId: 'scala-library_2.13', version: '2.13.12' });
  assert.deepEqual(fromFileName('org.eclipse.sisu.inject-0.3.5.jar'), { artifactId: 'org.eclipse.sisu.inject', version: '0.3.5' });
  assert.deepEqual(fromFileName('tools.jar'), { artifactId: 'tools' });
  assert.equal(fromFileName('my app.jar'), undefined);
});

test('manifest: Bundle-SymbolicName supplies the groupId when it ends with the artifactId', () => {
  const m = manifestAt(join(scalibrManifests, 'manifest-symbolicname/MANIFEST.MF'));
  assert.deepEqual(fromManifest(m, 'failureaccess-1.0.1.jar'), { groupId: 'com.google.guava', artifactId: 'failureaccess', version: '1.0.1', source: 'manifest' });
  assert.deepEqual(fromManifest(m, 'guava-internal.jar'), { artifactId: 'guava-internal', version: '1.0.1', source: 'manifest' });
});

test('manifest: Implementation-Vendor-Id is the groupId; Implementation-Version beats Bundle-Version', () => {
  const m = manifestAt(join(scalibrManifests, 'combine-manifest-filename/MANIFEST.MF'));
  assert.deepEqual(fromManifest(m, 'ivy-2.4.0.jar'), { groupId: 'org.apache', artifactId: 'ivy', version: '2.4.0', source: 'manifest' });
});

test('manifest: Jenkins plugin headers', () => {
  const m = manifestAt(join(syftJava, 'jar-metadata/jenkins-plugins/gradle/2.11/META-INF/MANIFEST.MF'));
  assert.deepEqual(fromManifest(m, 'gradle.hpi'), { groupId: 'org.jenkins-ci.plugins', artifactId: 'gradle', version: '2.11', source: 'manifest' });
});

test('manifest: a version with a build date keeps its first word; Implementation-Title names the artifact', () => {
  const axis = manifestAt(join(scalibrManifests, 'axis/MANIFEST.MF'));
  assert.deepEqual(fromManifest(axis, 'axis.jar'), { artifactId: 'axis', version: '1.4', source: 'manifest' });
  const spring = manifestAt(join(scalibrManifests, 'known-group-id/MANIFEST.MF'));
  assert.deepEqual(fromManifest(spring, ''), { artifactId: 'spring-web', version: '5.3.26', source: 'manifest' });
});

test('manifest: ids with spaces or placeholders are not used', () => {
  const m = manifestAt(join(scalibrManifests, 'invalid-ids/MANIFEST.MF'));
  assert.equal(fromManifest(m, ''), undefined, 'no usable artifactId');
  assert.deepEqual(fromManifest(m, 'correct-name.jar'), { artifactId: 'correct-name', version: '1.2.3', source: 'manifest' });
});

test('no manifest: the file name alone, or nothing', () => {
  assert.deepEqual(fromManifest(undefined, 'commons-lang3-3.12.0.jar'), { artifactId: 'commons-lang3', version: '3.12.0', source: 'filename' });
  assert.equal(fromManifest(undefined, 'simple.jar'), undefined);
  const noVersion = parseManifest('Manifest-Version: 1.0\nImplementation-Version: unknown\n');
  assert.equal(fromManifest(noVersion, 'lib.jar'), undefined);
});
