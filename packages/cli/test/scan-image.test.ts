import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Package } from '@vigil/schema';
import type { ScanReport } from '@vigil/scanner';
import { bookwormImages, runVigil } from '../test-support/run-cli.ts';

/** No advisory DB at all: the scan must still list packages and say why it has no findings. */
const noDb = { VIGIL_DB: join(mkdtempSync(join(tmpdir(), 'vigil-nodb-')), 'absent.sqlite') };

function scanJson(target: string): { report: ScanReport; stderr: string } {
  const r = runVigil(['scan', 'image', target, '--format', 'json'], noDb);
  assert.equal(r.status, 0, r.stderr);
  return { report: JSON.parse(r.stdout) as ScanReport, stderr: r.stderr };
}

const debSet = (pkgs: Package[]) => new Set(pkgs.filter((p) => p.type === 'deb').map((p) => `${p.name}\t${p.version}`));

describe('vigil scan image on a real debootstrap bookworm image', () => {
  let images: ReturnType<typeof bookwormImages>;
  let dpkgQuery: Set<string>;
  before(() => {
    images = bookwormImages();
    const out = execFileSync('dpkg-query', ['--admindir', `${images.rootfs}/var/lib/dpkg`, '-W', '-f', '${binary:Package}\t${Version}\n'], { encoding: 'utf8' });
    dpkgQuery = new Set(out.trim().split('\n').map((l) => l.replace(/:[a-z0-9]+\t/, '\t')));
  });

  test('the docker-archive lists exactly the (name, version) set dpkg-query lists in the rootfs', () => {
    const { report, stderr } = scanJson(images.base);
    assert.ok(dpkgQuery.size > 80, `sanity: minbase has ~90 packages, got ${dpkgQuery.size}`);
    assert.deepEqual([...debSet(report.packages)].sort(), [...dpkgQuery].sort());
    assert.equal(report.target.os?.id, 'debian');
    assert.equal(report.target.os?.codename, 'bookworm');
    const dpkg = report.packages.find((p) => p.name === 'dpkg')!;
    assert.equal(dpkg.ecosystem, 'Debian:12');
    assert.match(dpkg.purl ?? '', /^pkg:deb\/debian\/dpkg@.+distro=debian-12/);
    assert.match(dpkg.locations[0].layer ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.match(stderr, /no vulnerability database/);
  });

  test('the daemon target gives the same packages for the same image name', () => {
    const fromArchive = scanJson(images.base).report;
    const fromDaemon = scanJson('vigil-test/bookworm:base').report;
    assert.deepEqual([...debSet(fromDaemon.packages)].sort(), [...debSet(fromArchive.packages)].sort());
    assert.deepEqual(fromDaemon.target.layers?.map((l) => l.digest), fromArchive.target.layers?.map((l) => l.digest));
  });

  test('layers apply in order: added node_modules appear with their layer, whiteouts remove packages', () => {
    const { report } = scanJson(images.app);
    const layers = report.target.layers!.map((l) => l.digest);
    assert.equal(layers.length, 3);
    const npm = report.packages.filter((p) => p.type === 'npm');
    assert.deepEqual(npm.map((p) => `${p.name}@${p.version}`).sort(), ['@babel/core@7.22.0', 'lodash@4.17.20', 'minimist@1.2.5']);
    const lodash = npm.find((p) => p.name === 'lodash')!;
    assert.deepEqual(lodash.locations.map((l) => l.path).sort(), ['app/node_modules/lodash/package.json', 'app/package-lock.json']);
    assert.ok(lodash.locations.every((l) => l.layer === layers[1]), 'both files came in with the COPY layer');
    // minimist's installed copy was deleted by the last layer; only the lockfile still names it.
    const minimist = npm.find((p) => p.name === 'minimist')!;
    assert.deepEqual(minimist.locations.map((l) => l.path), ['app/package-lock.json']);
    assert.deepEqual([...debSet(report.packages)].sort(), [...debSet(scanJson(images.base).report.packages)].sort());
  });
});

describe('vigil scan user errors: one line, non-zero exit, no stack trace', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'vigil-bad-'));
  const notAnImage = join(scratch, 'notes.txt');
  writeFileSync(notAnImage, 'just some text, not a tar\n'.repeat(100));
  const truncated = join(scratch, 'truncated.tar');
  // A real docker-archive cut off mid-layer, as an interrupted copy leaves it.
  before(() => writeFileSync(truncated, readFileSync(bookwormImages().base).subarray(0, 5 * 1024 * 1024 + 300)));
  // 64 MiB of zeros in a tar, gzipped to ~64 KiB: a bomb in miniature.
  const bomb = join(scratch, 'bomb.tar.gz');
  writeFileSync(join(scratch, 'zeros'), Buffer.alloc(64 * 1024 * 1024));
  writeFileSync(bomb, gzipSync(execFileSync('tar', ['-cf', '-', '-C', scratch, 'zeros'], { maxBuffer: 128 * 1024 * 1024 }), { level: 9 }));
  const cases: [string, string[], RegExp][] = [
    ['not an image', ['scan', 'image', notAnImage], /not .*image|docker-archive|OCI/i],
    ['truncated archive', ['scan', 'image', truncated], /truncated|unexpected end|corrupt/i],
    ['decompression cap (bomb guard)', ['scan', 'image', bomb, '--max-decompressed', '8MB'], /exceeds 8388608 bytes/],
    ['missing image archive', ['scan', 'image', '/nonexistent/image.tar'], /image|not found|no such/i],
    ['missing rootfs', ['scan', 'rootfs', '/nonexistent/dir'], /no such|not found|does not exist/i],
    ['unknown format', ['scan', 'fs', '.', '--format', 'xml'], /format/i],
    ['bad severity', ['scan', 'fs', '.', '--severity', 'SEVERE'], /severity/i],
    ['bad exit code', ['scan', 'fs', '.', '--exit-code', 'x'], /exit-code/i],
    ['gate without a database', ['scan', 'fs', '.', '--exit-code', '1'], /no vulnerability database/i],
    ['unwritable output dir', ['scan', 'fs', '.', '--output', '/nonexistent/dir/out.json'], /output/i],
    ['bad size', ['scan', 'fs', '.', '--max-file-size', 'lots'], /max-file-size/i],
  ];
  for (const [name, args, message] of cases) {
    test(name, () => {
      const r = runVigil(args, noDb);
      assert.notEqual(r.status, 0);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
      assert.match(lines[0], message);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
  }
});
