import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { apkPackagesCollector, debPackagesCollector, rpmPackagesCollector } from '../../../src/inventory/collectors/os-packages.ts';
import { bookwormImages } from '../../../../cli/test-support/run-cli.ts';
import { collectTable } from '../fixture-root.ts';

test('the dpkg packages of a real Debian root, exactly as dpkg-query lists them', async () => {
  const { rootfs } = bookwormImages();
  const expected = spawnSync('dpkg-query', [`--admindir=${rootfs}/var/lib/dpkg`, '-W', '-f', '${db:Status-Abbrev}|${Package}|${Version}|${Architecture}\\n'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((l) => /^[ih]i/.test(l))
    .map((l) => l.split('|').slice(1).join('|'))
    .sort();
  const { rows, warnings } = await collectTable(debPackagesCollector, { root: rootfs });
  assert.deepEqual(warnings, []);
  assert.ok(expected.length > 50);
  assert.deepEqual(rows.map((r) => `${r.name}|${r.version}|${r.arch}`).sort(), expected);
  const libc = rows.find((r) => r.name === 'libc6');
  assert.equal(libc?.source, 'glibc');
  assert.match(String(libc?.purl), /^pkg:deb\/debian\/libc6@.*distro=debian-12/);
  assert.deepEqual((await collectTable(rpmPackagesCollector, { root: rootfs })).rows, []);
  assert.deepEqual((await collectTable(apkPackagesCollector, { root: rootfs })).rows, []);
});
