/** Test support: where the third-party cataloger fixtures (Trivy, Syft, osv-scalibr) unpack, and their golden package lists. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unpackedCorpus } from '../../schema/test-support/corpora.ts';

export const trivy = (...p: string[]) => join(unpackedCorpus('fixtures/trivy.tar.gz'), 'trivy', ...p);
export const syft = (...p: string[]) => join(unpackedCorpus('fixtures/syft.tar.gz'), 'syft', ...p);
export const scalibr = (...p: string[]) => join(unpackedCorpus('fixtures/scalibr.tar.gz'), 'scalibr', ...p);

export interface GoldenPackage {
  Name: string;
  Version: string;
  Dev?: boolean;
  Indirect?: boolean;
  Relationship?: string;
}

/** Packages Trivy reports in `integration/testdata/<name>.json.golden` (all results together). */
export function trivyGolden(name: string): GoldenPackage[] {
  const golden = JSON.parse(readFileSync(trivy('integration/testdata', `${name}.json.golden`), 'utf8')) as {
    Results?: { Packages?: GoldenPackage[] }[];
  };
  return (golden.Results ?? []).flatMap((r) => r.Packages ?? []);
}

export function goldenIds(packages: readonly GoldenPackage[]): string[] {
  return packages.map((p) => `${p.Name}@${p.Version}`).sort();
}
