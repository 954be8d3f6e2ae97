/**
 * Distro matching end to end with real advisory data (the Debian tracker's DSA/DLA lists and
 * Alpine's secdb from ../shared/corpora): a root filesystem that states its release and package
 * database, `vigil db import`, `vigil scan rootfs`. The rootfs is written here; the advisories
 * and the facts asserted (which DSA fixed what, in which release) come from the corpus.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ScanReport } from '@vigil/scanner';
import { corpus } from '../../schema/test-support/corpora.ts';
import { runVigil } from '../test-support/run-cli.ts';

function rootfs(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vigil-rootfs-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const stanza = (name: string, version: string, source?: string) =>
  [`Package: ${name}`, 'Status: install ok installed', 'Architecture: amd64', ...(source ? [`Source: ${source}`] : []), `Version: ${version}`, ''].join('\n');

function scan(root: string, db: string, ...flags: string[]): ScanReport {
  const r = runVigil(['scan', 'rootfs', root, '--format', 'json', '--db', db, ...flags]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as ScanReport;
}

describe('Debian: binary → source package, release codename, fixed versions from DSA/DLA lists', () => {
  let db: string;
  let report: ScanReport;
  before(() => {
    db = join(mkdtempSync(join(tmpdir(), 'vigil-debian-db-')), 'vulndb.sqlite');
    const imported = runVigil(['db', 'import', '--db', db, corpus('debian')]);
    assert.equal(imported.status, 0, imported.stderr);
    const root = rootfs({
      'etc/os-release': 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nID=debian\nVERSION_ID="11"\nVERSION_CODENAME=bullseye\n',
      'var/lib/dpkg/status': [
        // DSA-5343-1 fixed openssl in bullseye at 1.1.1n-0+deb11u4: the binary libssl1.1 one revision older is affected.
        stanza('libssl1.1', '1.1.1n-0+deb11u3', 'openssl'),
        // openssl itself is already at the fixed version.
        stanza('openssl', '1.1.1n-0+deb11u4'),
        // runc has only buster fixes (DLA-3369-1): an old version on bullseye matches nothing,
        // because another release's advisories never apply.
        stanza('runc', '1.0.0~rc6+dfsg1-3'),
      ].join('\n'),
    });
    report = scan(root, db);
  });

  test('the binary package is reported with its own name and version, matched through its source', () => {
    const ssl = report.findings.filter((f) => f.package.name === 'libssl1.1');
    const ids = new Set(ssl.map((f) => f.id));
    for (const cve of ['CVE-2022-4304', 'CVE-2022-4450', 'CVE-2023-0215', 'CVE-2023-0286']) assert.ok(ids.has(cve), `${cve} in ${[...ids]}`);
    const f = ssl.find((x) => x.id === 'CVE-2023-0286')!;
    assert.equal(f.installedVersion, '1.1.1n-0+deb11u3');
    assert.deepEqual(f.fixedVersions, ['1.1.1n-0+deb11u4']);
    assert.equal(f.status, 'fixed');
    assert.equal(f.package.ecosystem, 'Debian:11');
    assert.deepEqual(f.locations.map((l) => l.path), ['var/lib/dpkg/status']);
  });

  test('a package at the fixed version and a package with only other-release advisories are clean', () => {
    assert.deepEqual(report.findings.filter((f) => f.package.name === 'openssl').map((f) => f.id), []);
    assert.deepEqual(report.findings.filter((f) => f.package.name === 'runc').map((f) => f.id), []);
  });

  test('--exit-code gates on what the filters leave', () => {
    const root = rootfs({
      'etc/os-release': 'ID=debian\nVERSION_ID="11"\nVERSION_CODENAME=bullseye\n',
      'var/lib/dpkg/status': stanza('libssl1.1', '1.1.1n-0+deb11u3', 'openssl'),
    });
    assert.equal(runVigil(['scan', 'rootfs', root, '--db', db, '--exit-code', '3']).status, 3);
    const none = runVigil(['scan', 'rootfs', root, '--db', db, '--exit-code', '3', '--severity', 'NEGLIGIBLE']);
    assert.equal(none.status, 0, none.stderr);
  });
});

describe('Alpine: origin package and secdb fixed versions', () => {
  test('libssl1.1 from origin openssl at 1.1.1d-r2 has exactly the fixes released after it', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'vigil-alpine-db-')), 'vulndb.sqlite');
    const imported = runVigil(['db', 'import', '--db', db, corpus('alpine/v3.11/main.yaml')]);
    assert.equal(imported.status, 0, imported.stderr);
    const root = rootfs({
      'etc/os-release': 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.11.6\n',
      'lib/apk/db/installed': 'P:libssl1.1\nV:1.1.1d-r2\nA:x86_64\no:openssl\n\n',
    });
    const report = scan(root, db);
    const ssl = report.findings.filter((f) => f.package.name === 'libssl1.1');
    // secdb v3.11: 1.1.1d-r3 fixes CVE-2019-1551; 1.1.1d-r1 (older than installed) fixed CVE-2019-1547.
    assert.ok(ssl.some((f) => f.id === 'CVE-2019-1551' && f.fixedVersions.includes('1.1.1d-r3')));
    assert.ok(!ssl.some((f) => f.id === 'CVE-2019-1547'));
    assert.ok(ssl.every((f) => f.package.ecosystem === 'Alpine:v3.11'));
  });
});
