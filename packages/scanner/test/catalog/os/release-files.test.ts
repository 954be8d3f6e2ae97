import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseAlpineRelease,
  parseDebianVersion,
  parseLsbRelease,
  parseRedHatRelease,
} from '../../../src/catalog/os/release-files.ts';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';

const trivyOs = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy/pkg/fanal/analyzer/os');
const syftLinux = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/linux/testdata');
const read = (...p: string[]) => readFileSync(join(...p), 'utf8');

test('Red Hat family release lines name the distro, its version and the line itself', () => {
  const cases: [string, string, string][] = [
    [read(trivyOs, 'redhatbase/testdata/centos/centos-release'), 'centos', '7.6.1810'],
    [read(trivyOs, 'redhatbase/testdata/alma/almalinux-release'), 'almalinux', '8.4'],
    [read(trivyOs, 'redhatbase/testdata/rocky/rocky-release'), 'rocky', '8.4'],
    [read(trivyOs, 'redhatbase/testdata/oracle_7/oracle-release'), 'ol', '7.6'],
    [read(trivyOs, 'redhatbase/testdata/fedora_29/fedora-release'), 'fedora', '29'],
    [read(syftLinux, 'os/redhat/from-redhat-release/etc/redhat-release'), 'rhel', '8.10'],
    [read(syftLinux, 'os/centos5/etc/redhat-release'), 'centos', '5.7'],
    [read(syftLinux, 'bad-redhat-release'), 'centos', '5'],
    [read(syftLinux, 'os/scientific/from-redhat-release/etc/redhat-release'), 'scientific', '7.9'],
    ['Amazon Linux AMI release 2018.03\n', 'amzn', '2018.03'],
    ['Amazon Linux release 2023.3.20240131 (Amazon Linux)\n', 'amzn', '2023.3.20240131'],
  ];
  for (const [text, id, versionId] of cases) {
    assert.deepEqual(parseRedHatRelease(text), { id, versionId, prettyName: text.trim() }, text);
  }
  // Red Hat Linux 6.2 (2000) is not RHEL 6: naming it so would match it against RHEL 6 advisories.
  assert.equal(parseRedHatRelease(read(trivyOs, 'redhatbase/testdata/redhat_6/redhat-release')), undefined);
  assert.equal(parseRedHatRelease(''), undefined);
});

test('debian_version: a point release gives the major release; testing and sid only a codename', () => {
  assert.deepEqual(parseDebianVersion(read(trivyOs, 'debian/testdata/debian_9/etc/debian_version')), {
    id: 'debian',
    versionId: '9',
    prettyName: 'Debian GNU/Linux 9.8',
  });
  assert.deepEqual(parseDebianVersion(read(trivyOs, 'debian/testdata/debian_sid/etc/debian_version')), {
    id: 'debian',
    codename: 'buster',
    prettyName: 'Debian GNU/Linux buster/sid',
  });
  assert.equal(parseDebianVersion(read(syftLinux, 'os/debian/with-point-release/etc/debian_version'))?.versionId, '13');
  assert.equal(parseDebianVersion('garbage'), undefined);
});

test('lsb-release and alpine-release', () => {
  assert.deepEqual(parseLsbRelease(read(trivyOs, 'ubuntu/testdata/lsb-release')), {
    id: 'ubuntu',
    versionId: '18.04',
    codename: 'bionic',
    prettyName: 'Ubuntu 18.04.2 LTS',
  });
  assert.equal(parseLsbRelease(read(trivyOs, 'ubuntu/testdata/invalid')), undefined);
  assert.deepEqual(parseAlpineRelease('3.19.1\n'), { id: 'alpine', versionId: '3.19.1' });
  assert.equal(parseAlpineRelease('edge\n'), undefined);
});
