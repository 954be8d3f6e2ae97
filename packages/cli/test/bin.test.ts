/**
 * bin/vigil.js runs the esbuild bundle when it is current and the TypeScript sources otherwise;
 * both must be the same program.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { unpackedCorpus } from '../../schema/test-support/corpora.ts';
import { repoRoot, runVigil } from '../test-support/run-cli.ts';

const bundle = join(repoRoot, 'packages/cli/dist/vigil.mjs');

test('the bundle and the sources give the same report for the same target', () => {
  execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs')]);
  const target = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy/integration/testdata/fixtures/repo/npm');
  const args = ['scan', 'fs', target, '--format', 'json', '--no-vuln'];
  const fromBundle = runVigil(args);
  const fromSource = runVigil(args, { VIGIL_FROM_SOURCE: '1' });
  assert.equal(fromBundle.status, 0, fromBundle.stderr);
  assert.equal(fromSource.status, 0, fromSource.stderr);
  const strip = (out: string) => ({ ...JSON.parse(out), createdAt: undefined });
  assert.ok(strip(fromBundle.stdout).packages.length > 0);
  assert.deepEqual(strip(fromBundle.stdout), strip(fromSource.stdout));
});

test('a source file newer than the bundle makes the bin run the sources, never a stale bundle', () => {
  execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs')]);
  assert.ok(existsSync(bundle));
  const built = statSync(bundle).mtime;
  try {
    // Age the bundle instead of touching a source file: same ordering, no edit to the tree.
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(bundle, past, past);
    const r = runVigil(['--version'], { NODE_DEBUG: 'esm' });
    assert.equal(r.status, 0);
    assert.match(r.stderr, /src\/main\.ts/, 'the sources were loaded');
    assert.doesNotMatch(r.stderr, /dist\/vigil\.mjs/);
  } finally {
    utimesSync(bundle, built, built);
  }
});
