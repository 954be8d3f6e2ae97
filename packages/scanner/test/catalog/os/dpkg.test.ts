import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Package } from '@vigil/schema';
import { dpkgCataloger } from '../../../src/catalog/os/dpkg.ts';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { catalogAs } from './catalog-file.ts';

const syftDeb = join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft/syft/pkg/cataloger/debian/testdata');
const scalibrDpkg = join(unpackedCorpus('fixtures/scalibr.tar.gz'), 'scalibr/extractor/filesystem/os/dpkg/testdata/dpkg');
const statusD = (name: string) => join(syftDeb, 'var/lib/dpkg/status.d', name);

/** States dpkg-query reports in which a package's files are on disk. */
const ON_DISK = new Set(['installed', 'unpacked', 'half-installed', 'half-configured', 'triggers-awaited', 'triggers-pending']);

const FORMAT = '${binary:Package}\t${Version}\t${source:Package}\t${source:Version}\t${Architecture}\t${Maintainer}\t${db:Status-Status}\n';

/** dpkg's own reading of a status file: name, version, source, source version, arch, maintainer. */
function dpkgQuery(statusFile?: string): string[] {
  const admin = statusFile && mkdtempSync(join(tmpdir(), 'vigil-dpkg-'));
  try {
    const args = ['-W', '-f', FORMAT];
    if (admin) {
      mkdirSync(join(admin, 'updates'));
      copyFileSync(statusFile, join(admin, 'status'));
      args.unshift(`--admindir=${admin}`);
    }
    const out = execFileSync('dpkg-query', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'))
      .filter((f) => ON_DISK.has(f[6]))
      .map((f) => [f[0].replace(/:[^:]+$/, ''), ...f.slice(1, 6)].join('\t'))
      .sort();
  } finally {
    if (admin) rmSync(admin, { recursive: true, force: true });
  }
}

const asLines = (packages: Package[] | undefined) =>
  (packages ?? [])
    .map((p) => [p.name, p.version, p.source?.name, p.source?.version, p.arch ?? '', p.metadata?.maintainer ?? ''].join('\t'))
    .sort();

test("the host's dpkg status lists exactly what dpkg-query lists", async () => {
  const got = await catalogAs(dpkgCataloger, 'var/lib/dpkg/status', '/var/lib/dpkg/status');
  assert.deepEqual(got.warnings, []);
  const expected = dpkgQuery();
  assert.ok(expected.length > 100, 'the host has a real Debian install');
  assert.deepEqual(asLines(got.packages), expected);
  const names = (lines: string[]) => new Set(lines.map((l) => l.split('\t').slice(0, 2).join('\t')));
  assert.deepEqual(names(asLines(got.packages)), names(expected));
});

test('real status fixtures read as dpkg-query reads them, install states included', async () => {
  for (const file of [join(scalibrDpkg, 'statusfield'), join(scalibrDpkg, 'valid')]) {
    const got = await catalogAs(dpkgCataloger, 'var/lib/dpkg/status', file);
    assert.deepEqual(asLines(got.packages), dpkgQuery(file), file);
  }
});

test('which states count as installed: files on disk, whatever is wanted next', async () => {
  const got = await catalogAs(dpkgCataloger, 'var/lib/dpkg/status', join(scalibrDpkg, 'statusfield'));
  assert.deepEqual(got.packages?.map((p) => p.name).sort(), [
    'wantdeinstall_installed',
    'wantinstall_halfinstalled',
    'wantinstall_installed',
    'wantinstall_unpacked',
    'wantpurge_installed',
  ]);
});

test('Source gives the source package and, in parentheses, its version; else the binary is its own source', async () => {
  const got = await catalogAs(dpkgCataloger, 'var/lib/dpkg/status', join(scalibrDpkg, 'valid'));
  const byName = new Map(got.packages?.map((p) => [p.name, p]));
  assert.deepEqual(byName.get('util-linux-extra')?.source, { name: 'util-linux', version: '2.38.1-5' });
  assert.equal(byName.get('util-linux-extra')?.version, '2.38.1-5+b1');
  assert.deepEqual(byName.get('libacl1')?.source, { name: 'acl', version: '2.3.1-3' });
  assert.deepEqual(byName.get('attr')?.source, { name: 'attr', version: '1:2.5.1-4' });
  assert.equal(byName.get('attr')?.type, 'deb');
  assert.equal(byName.get('attr')?.ecosystem, '');
  assert.deepEqual(byName.get('attr')?.locations, [{ path: 'var/lib/dpkg/status' }]);
});

test('a distroless status.d file is one package without a Status field', async () => {
  const file = join(syftDeb, 'image-distroless-deb/var/lib/dpkg/status.d/libsqlite3-0');
  const got = await catalogAs(dpkgCataloger, 'var/lib/dpkg/status.d/libsqlite3-0', file);
  assert.deepEqual(got.packages, [
    {
      name: 'libsqlite3-0',
      version: '3.34.1-3',
      type: 'deb',
      ecosystem: '',
      source: { name: 'sqlite3', version: '3.34.1-3' },
      arch: 'arm64',
      locations: [{ path: 'var/lib/dpkg/status.d/libsqlite3-0' }],
      metadata: { maintainer: 'Laszlo Boszormenyi (GCS) <gcs@debian.org>' },
    },
  ]);
});

test('status.d files with several stanzas keep the installed, versioned ones', async () => {
  const coreutils = await catalogAs(dpkgCataloger, 'var/lib/dpkg/status.d/coreutils', statusD('coreutils-relationships'));
  assert.equal(coreutils.packages?.length, 9);
  assert.deepEqual(coreutils.packages?.find((p) => p.name === 'libselinux1')?.source, { name: 'libselinux', version: '3.4-1' });

  const deinstall = await catalogAs(dpkgCataloger, 'var/lib/dpkg/status.d/linux', statusD('deinstall'));
  assert.deepEqual(deinstall.packages?.map((p) => `${p.name} ${p.version}`), ['linux-image-6.14.0-1012-aws 6.14.0-1012.12~24.04.1']);

  const multiple = await catalogAs(dpkgCataloger, 'var/lib/dpkg/status.d/multiple', statusD('multiple'));
  assert.deepEqual(multiple.packages?.map((p) => `${p.name} ${p.version} ${p.source?.name}`), [
    'tzdata 2020a-0+deb10u1 tzdata-dev',
    'util-linux 2.33.1-0.1 util-linux',
  ]);
  // "Package:" with no name is damage; "no-version" is simply not an installed package.
  assert.deepEqual(multiple.warnings, ['dpkg: var/lib/dpkg/status.d/multiple: skipped 1 malformed stanza(s)']);
});

test('damaged files are warnings; whatever parses is kept', async () => {
  const corrupt = await catalogAs(dpkgCataloger, 'var/lib/dpkg/status.d/corrupt', statusD('corrupt'));
  assert.deepEqual(corrupt.packages, []);
  assert.equal(corrupt.warnings.length, 1);

  const invalid = await catalogAs(dpkgCataloger, 'var/lib/dpkg/status', join(scalibrDpkg, 'invalid'));
  assert.deepEqual(invalid.packages, []);
  assert.match(invalid.warnings.join(), /skipped 2 malformed/);

  // dpkg-query gives up on the whole file at an empty Package field; one bad stanza costs only itself here.
  const image = await catalogAs(dpkgCataloger, 'var/lib/dpkg/status', join(syftDeb, 'image-dpkg/var/lib/dpkg/status'));
  assert.deepEqual(image.packages?.map((p) => `${p.name} ${p.version} ${p.source?.name}`), ['libpam-runtime 1.1.8-3.6 pam']);
  assert.match(image.warnings.join(), /skipped 1 malformed/);

  const nopackage = await catalogAs(dpkgCataloger, 'var/lib/dpkg/status', join(scalibrDpkg, 'nopackage'));
  assert.deepEqual(nopackage.packages?.map((p) => p.name), ['foo', 'bar']);
  assert.match(nopackage.warnings.join(), /skipped 1 malformed/);
});

test('wants the status database and stanza files, not their companions', () => {
  const info = { size: 1, mode: 0o644 };
  for (const p of ['var/lib/dpkg/status', 'var/lib/dpkg/status.d/libc6', 'var/lib/dpkg/status.d/python3.11', 'var/lib/dpkg/status.d/libstdc++6']) {
    assert.ok(dpkgCataloger.wants(p, info), p);
  }
  for (const p of [
    'var/lib/dpkg/status-old',
    'var/lib/dpkg/status.d/libc6.md5sums',
    'var/lib/dpkg/status.d/',
    'var/lib/dpkg/status.d/sub/x',
    'var/lib/dpkg/info/libc6.list',
    'opt/app/var/lib/dpkg/status',
  ]) {
    assert.ok(!dpkgCataloger.wants(p, info), p);
  }
});
