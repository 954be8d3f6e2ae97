import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OSInfo } from '@vigil/schema';
import { osReleaseCataloger, parseOsRelease, resolveOS } from '../../../src/catalog/os/os-release.ts';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { catalogAs } from './catalog-file.ts';

const syftLinux = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/linux/testdata');
const trivyRelease = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy/pkg/fanal/analyzer/os/release/testdata');
const read = (...p: string[]) => readFileSync(join(...p), 'utf8');

test('this host: Debian bookworm', () => {
  assert.deepEqual(parseOsRelease(readFileSync('/etc/os-release', 'utf8')), {
    id: 'debian',
    versionId: '12',
    codename: 'bookworm',
    prettyName: 'Debian GNU/Linux 12 (bookworm)',
  });
});

test('os-release of Ubuntu, Alpine and the Red Hat family', () => {
  const cases: [string, OSInfo][] = [
    [read(syftLinux, 'ubuntu-20.04'), { id: 'ubuntu', versionId: '20.04', codename: 'focal', prettyName: 'Ubuntu 20.04 LTS', idLike: ['debian'] }],
    [read(syftLinux, 'os/alpine/etc/os-release'), { id: 'alpine', versionId: '3.11.6', prettyName: 'Alpine Linux v3.11' }],
    [
      read(syftLinux, 'os/centos/usr/lib/os-release'),
      { id: 'centos', versionId: '8', prettyName: 'CentOS Linux 8 (Core)', idLike: ['rhel', 'fedora'] },
    ],
    [
      read(trivyRelease, 'rhel'),
      { id: 'rhel', versionId: '9.4', prettyName: 'Red Hat Enterprise Linux 9.4 (Plow)', idLike: ['fedora'] },
    ],
    [
      read(trivyRelease, 'alma'),
      { id: 'almalinux', versionId: '9.4', prettyName: 'AlmaLinux 9.4 (Seafoam Ocelot)', idLike: ['rhel', 'centos', 'fedora'] },
    ],
    [read(syftLinux, 'os/amazon/etc/os-release'), { id: 'amzn', versionId: '2', prettyName: 'Amazon Linux 2', idLike: ['centos', 'rhel', 'fedora'] }],
    // VERSION_CODENAME="" reads as absent.
    [read(syftLinux, 'os/fedora/usr/lib/os-release'), { id: 'fedora', versionId: '36', prettyName: 'Fedora Linux 36 (Container Image)' }],
    [read(trivyRelease, 'opensusetumbleweed'), { id: 'opensuse-tumbleweed', versionId: '20220412', prettyName: 'openSUSE Tumbleweed', idLike: ['opensuse', 'suse'] }],
  ];
  for (const [text, want] of cases) assert.deepEqual(parseOsRelease(text), want);
});

test('without ID the spec default "linux" applies; an empty file names nothing', () => {
  assert.deepEqual(parseOsRelease(read(syftLinux, 'partial-fields/missing-id/usr/lib/os-release')), {
    id: 'linux',
    versionId: '8',
    idLike: ['debian'],
  });
  assert.equal(parseOsRelease(read(syftLinux, 'os/empty/etc/os-release')), undefined);
});

test('the cataloger reads both os-release paths and the legacy release files', async () => {
  const debian = await catalogAs(osReleaseCataloger, 'usr/lib/os-release', join(syftLinux, 'os/debian/from-os-release/usr/lib/os-release'));
  assert.deepEqual(debian.os, { id: 'debian', versionId: '8', prettyName: 'Debian GNU/Linux 8 (jessie)' });
  const rocky = await catalogAs(osReleaseCataloger, 'etc/redhat-release', join(syftLinux, 'os/rockylinux/from-redhat-release/etc/redhat-release'));
  assert.deepEqual(rocky.os, { id: 'rocky', versionId: '8.10', prettyName: 'Rocky Linux release 8.10 (Green Obsidian)' });
  const empty = await catalogAs(osReleaseCataloger, 'etc/os-release', join(syftLinux, 'os/empty/etc/os-release'));
  assert.deepEqual([empty.os, empty.warnings], [undefined, []]);
  const junk = await catalogAs(osReleaseCataloger, 'etc/alpine-release', Buffer.from('not a version\n'));
  assert.deepEqual(junk.warnings, ['os-release: etc/alpine-release: no operating system named']);

  const info = { size: 200, mode: 0o644 };
  for (const p of ['etc/os-release', 'usr/lib/os-release', 'etc/lsb-release', 'etc/system-release', 'etc/debian_version']) {
    assert.ok(osReleaseCataloger.wants(p, info), p);
  }
  for (const p of ['etc/os-release.d/x', 'srv/etc/os-release', 'etc/system-release-cpe']) assert.ok(!osReleaseCataloger.wants(p, info), p);
  assert.ok(!osReleaseCataloger.wants('etc/os-release', { size: 10 * 1024 * 1024, mode: 0o644 }));
});

test('resolveOS: os-release outranks legacy files, which fill what it leaves out', () => {
  const distrolessRelease = parseOsRelease(read(syftLinux, 'os/debian/from-debian_version/etc/os-release'))!;
  assert.equal(distrolessRelease.versionId, undefined);
  assert.deepEqual(
    resolveOS([
      { path: 'etc/debian_version', os: { id: 'debian', versionId: '10', prettyName: 'Debian GNU/Linux 10.8' } },
      { path: 'etc/os-release', os: distrolessRelease },
    ]),
    { id: 'debian', versionId: '10', prettyName: 'Distroless' },
  );
  // Ubuntu carries Debian's debian_version; it must neither win nor lend its fields.
  assert.deepEqual(
    resolveOS([
      { path: 'etc/debian_version', os: { id: 'debian', codename: 'bookworm' } },
      { path: 'usr/lib/os-release', os: { id: 'ubuntu', versionId: '24.04', codename: 'noble' } },
    ]),
    { id: 'ubuntu', versionId: '24.04', codename: 'noble' },
  );
  assert.deepEqual(
    resolveOS([
      { path: 'usr/lib/os-release', os: { id: 'debian', versionId: '11' } },
      { path: 'etc/os-release', os: { id: 'debian', versionId: '12' } },
    ]),
    { id: 'debian', versionId: '12' },
  );
  assert.deepEqual(resolveOS([{ path: 'etc/centos-release', os: { id: 'centos', versionId: '7.9.2009' } }]), {
    id: 'centos',
    versionId: '7.9.2009',
  });
  assert.equal(resolveOS([]), undefined);
});
