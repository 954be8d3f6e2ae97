import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OSInfo } from '@vigil/schema';
import { isSupportedPurlType, osFromDistroQualifier, packageFromPurl } from '../../src/sbom/purl-package.ts';
import { parsePurl } from '../../src/vex/purl-match.ts';

function pkg(purl: string, os?: OSInfo, facts = {}) {
  return packageFromPurl(parsePurl(purl)!, purl, facts, os);
}

test('purl types map to package types, names and ecosystems', () => {
  const cases: [string, string, string, string, string][] = [
    ['pkg:npm/%40babel/core@7.22.0', 'npm', '@babel/core', '7.22.0', 'npm'],
    ['pkg:pypi/django@4.2.1', 'pypi', 'django', '4.2.1', 'PyPI'],
    ['pkg:gem/rails@7.0.4', 'gem', 'rails', '7.0.4', 'RubyGems'],
    ['pkg:golang/github.com/gin-gonic/gin@v1.9.0', 'golang', 'github.com/gin-gonic/gin', 'v1.9.0', 'Go'],
    ['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', 'maven', 'org.apache.logging.log4j:log4j-core', '2.14.1', 'Maven'],
    ['pkg:composer/symfony/http-kernel@v6.0.0', 'composer', 'symfony/http-kernel', 'v6.0.0', 'Packagist'],
    ['pkg:cargo/serde@1.0.188', 'cargo', 'serde', '1.0.188', 'crates.io'],
    ['pkg:nuget/Newtonsoft.Json@13.0.1', 'nuget', 'Newtonsoft.Json', '13.0.1', 'NuGet'],
  ];
  for (const [purl, type, name, version, ecosystem] of cases) {
    assert.deepEqual(
      (({ type, name, version, ecosystem }) => ({ type, name, version, ecosystem }))(pkg(purl)!),
      { type, name, version, ecosystem },
      purl,
    );
  }
  assert.ok(!isSupportedPurlType('k8s') && !isSupportedPurlType('generic') && isSupportedPurlType('apk'));
});

test('OS packages take their release from the distro qualifier, else from the SBOM OS', () => {
  assert.equal(pkg('pkg:deb/debian/openssl@3.0.11-1?distro=debian-12')!.ecosystem, 'Debian:12');
  assert.equal(pkg('pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19.1')!.ecosystem, 'Alpine:v3.19');
  assert.equal(pkg('pkg:rpm/redhat/openssl@3.0.7-24.el9?distro=rhel-9.3')!.ecosystem, 'Red Hat:9');
  assert.equal(pkg('pkg:deb/ubuntu/bash@5.1-6ubuntu1', { id: 'ubuntu', versionId: '22.04' })!.ecosystem, 'Ubuntu:22.04');
  // The qualifier wins over the SBOM's OS.
  assert.equal(pkg('pkg:deb/debian/bash@5.0-4?distro=debian-10.2', { id: 'debian', versionId: '12' })!.ecosystem, 'Debian:10');
});

test('no release, no ecosystem: nothing is guessed', () => {
  assert.equal(pkg('pkg:deb/debian/bash@5.2.15-2')!.ecosystem, '');
  // A codename names no release; the SBOM OS is used only when it is the same distro.
  assert.equal(pkg('pkg:deb/debian/bash@5.2.15-2?distro=debian-bookworm')!.ecosystem, '');
  assert.equal(pkg('pkg:deb/debian/bash@5.2.15-2?distro=debian-bookworm', { id: 'debian', versionId: '12' })!.ecosystem, 'Debian:12');
  assert.equal(pkg('pkg:deb/debian/bash@5.2.15-2?distro=debian-bookworm', { id: 'ubuntu', versionId: '22.04' })!.ecosystem, '');
  // An rpm in a Debian SBOM belongs to no Debian advisory.
  assert.equal(pkg('pkg:rpm/fedora/bash@5.2.15-1.fc38', { id: 'debian', versionId: '12' })!.ecosystem, '');
});

test('rpm epoch qualifier, upstream source, arch and facts', () => {
  const openssl = pkg('pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810')!;
  assert.equal(openssl.version, '1:1.0.2k-16.el7');
  assert.equal(openssl.arch, 'x86_64');
  assert.deepEqual(pkg('pkg:deb/debian/libssl3@3.0.11-1?upstream=openssl&distro=debian-12')!.source, { name: 'openssl' });
  assert.deepEqual(pkg('pkg:deb/debian/libc6@2.36-9%2Bb1?upstream=glibc%402.36-9&distro=debian-12')!.source, { name: 'glibc', version: '2.36-9' });
  const withFacts = pkg('pkg:deb/debian/libssl3@3.0.11-1?upstream=openssl', undefined, { source: { name: 'openssl', version: '3.0.11-1' }, licenses: ['Apache-2.0'], locations: [{ path: 'var/lib/dpkg/status' }] })!;
  assert.deepEqual(withFacts.source, { name: 'openssl', version: '3.0.11-1' }, 'SBOM facts over the qualifier');
  assert.deepEqual(withFacts.licenses, ['Apache-2.0']);
  assert.deepEqual(withFacts.locations, [{ path: 'var/lib/dpkg/status' }]);
});

test('distro qualifiers', () => {
  assert.deepEqual(osFromDistroQualifier('debian-12'), { id: 'debian', versionId: '12' });
  assert.deepEqual(osFromDistroQualifier('opensuse-leap-15.5'), { id: 'opensuse-leap', versionId: '15.5' });
  assert.deepEqual(osFromDistroQualifier('centos-7.6.1810'), { id: 'centos', versionId: '7.6.1810' });
  assert.equal(osFromDistroQualifier('debian-bookworm'), undefined);
  assert.equal(osFromDistroQualifier('debian'), undefined);
});

test('unsupported types and purls without version give no package', () => {
  assert.equal(pkg('pkg:generic/openssl@3.0.0'), undefined);
  assert.equal(pkg('pkg:npm/left-pad'), undefined);
});
