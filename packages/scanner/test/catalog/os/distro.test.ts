import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OSInfo, Package, PackageType } from '@vigil/schema';
import { applyDistro } from '../../../src/catalog/os/distro.ts';
import { parseOsRelease } from '../../../src/catalog/os/os-release.ts';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';

const trivyRelease = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy/pkg/fanal/analyzer/os/release/testdata');
const syftLinux = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/linux/testdata');
const osOf = (path: string) => parseOsRelease(readFileSync(path, 'utf8'));

function pkg(type: PackageType, name: string, version: string, extra: Partial<Package> = {}): Package {
  return { name, version, type, ecosystem: '', locations: [{ path: 'x' }], ...extra };
}

const one = (p: Package, os: OSInfo | undefined) => applyDistro([p], os)[0];

test('Debian packages: the major release as ecosystem, purl with arch, distro and upstream', () => {
  const os = parseOsRelease(readFileSync('/etc/os-release', 'utf8'));
  const libssl = one(pkg('deb', 'libssl3', '3.0.11-1~deb12u2', { arch: 'amd64', source: { name: 'openssl', version: '3.0.11-1~deb12u2' } }), os);
  assert.equal(libssl.ecosystem, 'Debian:12');
  assert.equal(libssl.purl, 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl');

  // A binNMU differs from its source in version too; the purl says so.
  const binNmu = one(pkg('deb', 'util-linux-extra', '2.38.1-5+b1', { arch: 'amd64', source: { name: 'util-linux', version: '2.38.1-5' } }), os);
  assert.equal(binNmu.purl, 'pkg:deb/debian/util-linux-extra@2.38.1-5+b1?arch=amd64&distro=debian-12&upstream=util-linux%402.38.1-5');

  const own = one(pkg('deb', 'bash', '5.2.15-2+b2', { arch: 'amd64', source: { name: 'bash', version: '5.2.15-2+b2' } }), os);
  assert.equal(own.purl, 'pkg:deb/debian/bash@5.2.15-2+b2?arch=amd64&distro=debian-12');
});

test('Debian testing and sid have no VERSION_ID: their advisories are "unstable"', () => {
  const trixie = { id: 'debian', codename: 'trixie', prettyName: 'Debian GNU/Linux trixie/sid' };
  const p = one(pkg('deb', 'bash', '5.2.37-1'), trixie);
  assert.equal(p.ecosystem, 'Debian:unstable');
  assert.equal(p.purl, 'pkg:deb/debian/bash@5.2.37-1?distro=debian-trixie');
});

test('Ubuntu and Alpine', () => {
  const ubuntu = osOf(join(syftLinux, 'ubuntu-20.04'));
  const p = one(pkg('deb', 'libc6', '2.31-0ubuntu9', { arch: 'amd64', source: { name: 'glibc', version: '2.31-0ubuntu9' } }), ubuntu);
  assert.equal(p.ecosystem, 'Ubuntu:20.04');
  assert.equal(p.purl, 'pkg:deb/ubuntu/libc6@2.31-0ubuntu9?arch=amd64&distro=ubuntu-20.04&upstream=glibc');

  const alpine = osOf(join(trivyRelease, 'alpine'));
  const a = one(pkg('apk', 'libssl3', '3.1.0-r4', { arch: 'x86_64', source: { name: 'openssl', version: '3.1.0-r4' } }), alpine);
  assert.equal(a.ecosystem, 'Alpine:v3.15');
  assert.equal(a.purl, 'pkg:apk/alpine/libssl3@3.1.0-r4?arch=x86_64&distro=alpine-3.15.4&upstream=openssl');
  // Edge names the coming release.
  assert.equal(one(pkg('apk', 'musl', '1.2.5-r0'), { id: 'alpine', versionId: '3.20.0_alpha20240329' }).ecosystem, 'Alpine:v3.20');
});

test('rpm: epoch moves to its own purl qualifier; the namespace is the distro', () => {
  const rhel = osOf(join(trivyRelease, 'rhel'));
  const p = one(
    pkg('rpm', 'openssl-libs', '1:3.0.7-27.el9', { arch: 'x86_64', source: { name: 'openssl', version: '1:3.0.7-27.el9' } }),
    rhel,
  );
  assert.equal(p.ecosystem, 'Red Hat:9');
  assert.equal(p.purl, 'pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.4&epoch=1&upstream=openssl');
  assert.equal(p.version, '1:3.0.7-27.el9', 'the package version keeps its epoch');
});

test('every distro release in the trivy and syft fixtures gets its OSV ecosystem, or none', () => {
  const cases: [string, PackageType, string][] = [
    [join(trivyRelease, 'alma'), 'rpm', 'AlmaLinux:9'],
    [join(trivyRelease, 'rocky'), 'rpm', 'Rocky Linux:9'],
    [join(trivyRelease, 'oracle'), 'rpm', 'Oracle Linux:8'],
    [join(trivyRelease, 'centos'), 'rpm', 'Red Hat:7'],
    [join(trivyRelease, 'centos-stream'), 'rpm', 'Red Hat:8'],
    [join(trivyRelease, 'fedora'), 'rpm', 'Fedora:42'],
    [join(trivyRelease, 'sles'), 'rpm', 'SUSE:Linux Enterprise Server 15 SP3'],
    [join(trivyRelease, 'slemicro'), 'rpm', 'SUSE:Linux Enterprise Micro 5.3'],
    [join(trivyRelease, 'opensuseleap-42.3'), 'rpm', 'openSUSE:Leap 42.3'],
    [join(trivyRelease, 'opensusetumbleweed'), 'rpm', 'openSUSE:Tumbleweed'],
    [join(trivyRelease, 'photon'), 'rpm', 'Photon OS:4.0'],
    [join(trivyRelease, 'azurelinux-3.0'), 'rpm', 'Azure Linux:3'],
    [join(syftLinux, 'os/amazon/etc/os-release'), 'rpm', 'Amazon Linux:2'],
    [join(syftLinux, 'os/opensuse-leap/etc/os-release'), 'rpm', 'openSUSE:Leap 15.2'],
    [join(syftLinux, 'os/wolfi/etc/os-release'), 'apk', 'Wolfi'],
    // No advisory stream Vigil can name: better no ecosystem than a wrong one.
    [join(trivyRelease, 'mariner-2.0'), 'rpm', ''],
    [join(trivyRelease, 'bottlerocket'), 'rpm', ''],
    [join(trivyRelease, 'unknown'), 'rpm', ''],
    [join(trivyRelease, 'no-version'), 'apk', ''],
    [join(trivyRelease, 'no-id'), 'apk', ''],
    [join(syftLinux, 'partial-fields/unknown-id/usr/lib/os-release'), 'deb', ''],
  ];
  for (const [file, type, want] of cases) {
    assert.equal(one(pkg(type, 'p', '1-1'), osOf(file)).ecosystem, want, file);
  }
  assert.equal(one(pkg('rpm', 'p', '1-1'), { id: 'amzn', versionId: '2018.03' }).ecosystem, 'Amazon Linux:1');
  assert.equal(one(pkg('rpm', 'p', '1-1'), { id: 'amzn', versionId: '2023' }).ecosystem, 'Amazon Linux:2023');
  assert.equal(one(pkg('rpm', 'p', '1-1'), { id: 'sles', versionId: '15' }).ecosystem, 'SUSE:Linux Enterprise Server 15');
});

test('a package format foreign to the OS, or an unknown OS, gets no ecosystem and a purl without distro', () => {
  const debian = { id: 'debian', versionId: '12' };
  const foreign = one(pkg('rpm', 'stray', '1.0-1', { arch: 'x86_64' }), debian);
  assert.deepEqual([foreign.ecosystem, foreign.purl], ['', 'pkg:rpm/stray@1.0-1?arch=x86_64']);

  const unknown = one(pkg('deb', 'libc6', '2.36-9', { arch: 'amd64', source: { name: 'glibc', version: '2.36-9' } }), undefined);
  assert.deepEqual([unknown.ecosystem, unknown.purl], ['', 'pkg:deb/libc6@2.36-9?arch=amd64&upstream=glibc']);

  const inherited = one(pkg('deb', 'x', '1'), { id: 'constructor', versionId: '1' });
  assert.equal(inherited.ecosystem, '');
});

test('language packages pass through untouched', () => {
  const npm = pkg('npm', 'lodash', '4.17.21', { ecosystem: 'npm', purl: 'pkg:npm/lodash@4.17.21' });
  const [out] = applyDistro([npm], { id: 'debian', versionId: '12' });
  assert.equal(out, npm);
});
