import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mavenPackage, mavenPurl } from '../../../src/catalog/java/maven-package.ts';

test('groupId:artifactId names, purls and where the evidence sat', () => {
  const pkg = mavenPackage(
    { groupId: 'org.apache.commons', artifactId: 'commons-text', version: '1.10.0', source: 'pom.properties' },
    { path: 'app/app.war', layer: 'sha256:abc' },
    'app/app.war!/WEB-INF/lib/commons-text-1.10.0.jar',
  );
  assert.deepEqual(pkg, {
    name: 'org.apache.commons:commons-text',
    version: '1.10.0',
    type: 'maven',
    ecosystem: 'Maven',
    purl: 'pkg:maven/org.apache.commons/commons-text@1.10.0',
    locations: [{ path: 'app/app.war', layer: 'sha256:abc' }],
    metadata: {
      groupId: 'org.apache.commons',
      artifactId: 'commons-text',
      archivePath: 'app/app.war!/WEB-INF/lib/commons-text-1.10.0.jar',
      evidence: 'pom.properties',
    },
  });
});

test('without a groupId: the bare artifactId and no purl (Maven purls need a namespace)', () => {
  assert.equal(mavenPurl({ artifactId: 'tools', version: '1.0' }), undefined);
  const pkg = mavenPackage({ artifactId: 'tools', version: '1.0', source: 'filename' }, { path: 'tools-1.0.jar' }, 'tools-1.0.jar');
  assert.equal(pkg.name, 'tools');
  assert.equal(pkg.purl, undefined);
  assert.deepEqual(pkg.metadata, { artifactId: 'tools', archivePath: 'tools-1.0.jar', evidence: 'filename' });
});
