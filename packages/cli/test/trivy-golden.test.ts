/**
 * End to end against Trivy's golden files: its real lockfile fixtures, its synthetic advisory DB
 * loaded through `vigil db import`, and `vigil scan fs` must give the findings Trivy's goldens list
 * (advisory id, package, installed version, fixed version).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanReport } from '@vigil/scanner';
import { unpackedCorpus } from '../../schema/test-support/corpora.ts';
import { runVigil } from '../test-support/run-cli.ts';

interface GoldenVuln {
  VulnerabilityID: string;
  PkgName: string;
  InstalledVersion: string;
  FixedVersion?: string;
}
interface Golden {
  Results?: { Target: string; Vulnerabilities?: GoldenVuln[] }[];
}

/**
 * golden file → repo fixture dir (and extra flags), for the ecosystems Vigil catalogs.
 * A repo given as `dir>dest` is copied so its files sit at `dest` first: Trivy's composer-vendor
 * fixture keeps `installed.json` at its root, where Composer itself always writes
 * `vendor/composer/installed.json` — the only place Vigil reads it from.
 */
const CASES: [golden: string, repo: string, flags?: string[]][] = [
  ['npm', 'npm'],
  ['npm-with-dev', 'npm', ['--include-dev-deps']],
  ['yarn', 'yarn'],
  ['pnpm', 'pnpm'],
  ['pip', 'pip'],
  ['pipenv', 'pipenv'],
  ['poetry', 'poetry'],
  ['composer.lock', 'composer'],
  ['composer.vendor', 'composer-vendor>vendor/composer'],
  ['cargo.lock', 'cargo'],
  ['nuget', 'nuget'],
  ['dotnet', 'dotnet'],
  ['gomod', 'gomod'],
];

const key = (id: string, pkg: string, installed: string, fixed: string) => `${id} ${pkg}@${installed} fixed:${fixed}`;

describe("Trivy's golden findings from its lockfile fixtures and synthetic DB", () => {
  let testdata: string;
  let db: string;
  before(() => {
    testdata = join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy/integration/testdata');
    db = join(mkdtempSync(join(tmpdir(), 'vigil-trivy-db-')), 'vulndb.sqlite');
    const r = runVigil(['db', 'import', '--db', db, join(testdata, 'fixtures/db')]);
    assert.equal(r.status, 0, r.stderr);
  });

  for (const [golden, repo, flags = []] of CASES) {
    test(`${golden}.json.golden`, () => {
      const expected = JSON.parse(readFileSync(join(testdata, `${golden}.json.golden`), 'utf8')) as Golden;
      const want = new Set(
        (expected.Results ?? []).flatMap((r) =>
          (r.Vulnerabilities ?? []).map((v) => key(v.VulnerabilityID, v.PkgName, v.InstalledVersion, normaliseFixed(v.FixedVersion ?? ''))),
        ),
      );
      const r = runVigil(['scan', 'fs', repoDir(join(testdata, 'fixtures/repo'), repo), '--format', 'json', '--db', db, ...flags]);
      assert.equal(r.status, 0, r.stderr);
      const report = JSON.parse(r.stdout) as ScanReport;
      const got = new Set(
        report.findings.map((f) => key(f.id, f.package.name, f.installedVersion, normaliseFixed(f.fixedVersions.join(', ')))),
      );
      assert.deepEqual([...got].sort(), [...want].sort());
    });
  }
});

function repoDir(repos: string, spec: string): string {
  const [dir, dest] = spec.split('>');
  if (!dest) return join(repos, dir);
  const root = mkdtempSync(join(tmpdir(), 'vigil-trivy-repo-'));
  cpSync(join(repos, dir), join(root, dest), { recursive: true });
  return root;
}

/** Trivy joins several fixed versions with ", "; order is not meaningful. */
function normaliseFixed(fixed: string): string {
  return fixed.split(/,\s*/).filter(Boolean).sort().join(',');
}
