import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { apkCataloger } from '../../../src/catalog/os/apk.ts';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { catalogAs } from './catalog-file.ts';

const scalibrApk = join(unpackedCorpus('fixtures/scalibr.tar.gz'), 'scalibr/extractor/filesystem/os/apk/testdata');
const syftApk = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/pkg/cataloger/alpine/testdata');
const trivyApk = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy/pkg/fanal/analyzer/pkg/apk/testdata/apk');
const INSTALLED = 'lib/apk/db/installed';

test('an Alpine 3.18 installed db: every record, with origin as source', async () => {
  const got = await catalogAs(apkCataloger, INSTALLED, join(scalibrApk, 'installed'));
  assert.deepEqual(got.warnings, []);
  assert.deepEqual(
    got.packages?.map((p) => `${p.name} ${p.version} ${p.source?.name}`),
    [
      'alpine-baselayout 3.4.3-r1 alpine-baselayout',
      'alpine-baselayout-data 3.4.3-r1 alpine-baselayout',
      'alpine-keys 2.4-r1 alpine-keys',
      'apk-tools 2.14.0-r0 apk-tools',
      'busybox 1.36.0-r9 busybox',
      'busybox-binsh 1.36.0-r9 busybox',
      'ca-certificates-bundle 20230506-r0 ca-certificates',
      'libc-utils 0.7.2-r5 libc-dev',
      'libcrypto3 3.1.0-r4 openssl',
      'libssl3 3.1.0-r4 openssl',
      'musl 1.2.4-r0 musl',
      'musl-utils 1.2.4-r0 musl',
      'scanelf 1.3.7-r1 pax-utils',
      'ssl_client 1.36.0-r9 busybox',
      'zlib 1.2.13-r1 zlib',
    ],
  );
  const libssl = got.packages?.find((p) => p.name === 'libssl3');
  assert.deepEqual(libssl, {
    name: 'libssl3',
    version: '3.1.0-r4',
    type: 'apk',
    ecosystem: '',
    source: { name: 'openssl', version: '3.1.0-r4' },
    arch: 'x86_64',
    licenses: ['Apache-2.0'],
    locations: [{ path: INSTALLED }],
    metadata: { maintainer: 'Ariadne Conill <ariadne@dereferenced.org>' },
  });
  // A license expression stays one expression.
  assert.deepEqual(got.packages?.find((p) => p.name === 'musl-utils')?.licenses, ['MIT AND BSD-2-Clause AND GPL-2.0-or-later']);
});

test('a record without a version is skipped with a warning; the rest are kept', async () => {
  const got = await catalogAs(apkCataloger, INSTALLED, trivyApk);
  assert.equal(got.packages?.length, 15);
  assert.ok(!got.packages?.some((p) => p.name === 'invalidPackageWithoutAVersion'));
  assert.deepEqual(got.warnings, [`apk: ${INSTALLED}: skipped 1 record(s) without name or version`]);
  assert.deepEqual(got.packages?.find((p) => p.name === 'ada-libs')?.source, { name: 'ada', version: '2.7.4-r0' });
});

test('without an origin the package is its own source; arch is per record', async () => {
  const noOrigin = await catalogAs(apkCataloger, INSTALLED, join(scalibrApk, 'no-origin'));
  assert.deepEqual(noOrigin.packages?.map((p) => [p.name, p.source]), [['pkgname', { name: 'pkgname', version: '1.2.3' }]]);
  const arch = await catalogAs(apkCataloger, INSTALLED, join(scalibrApk, 'different-arch'));
  assert.deepEqual(arch.packages?.map((p) => p.arch), ['noarch']);
});

test('garbage before a record costs only itself; empty and junk files give nothing', async () => {
  const corrupt = await catalogAs(apkCataloger, INSTALLED, join(syftApk, 'corrupt/lib/apk/db/installed'));
  assert.deepEqual(corrupt.packages?.map((p) => `${p.name} ${p.version}`), ['alpine-baselayout-data 3.2.0-r22']);
  assert.equal(corrupt.warnings.length, 1);

  const empty = await catalogAs(apkCataloger, INSTALLED, join(scalibrApk, 'empty'));
  assert.deepEqual([empty.packages, empty.warnings], [[], []]);
  const invalid = await catalogAs(apkCataloger, INSTALLED, join(scalibrApk, 'invalid'));
  assert.deepEqual(invalid.packages, []);
  assert.match(invalid.warnings.join(), /skipped 2 record/);
});

test('wants only the installed database at its root path', () => {
  const info = { size: 1, mode: 0o644 };
  assert.ok(apkCataloger.wants(INSTALLED, info));
  for (const p of ['lib/apk/db/triggers', 'usr/lib/apk/db/installed', 'x/lib/apk/db/installed']) assert.ok(!apkCataloger.wants(p, info), p);
});
