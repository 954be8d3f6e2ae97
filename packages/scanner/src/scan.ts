/**
 * The scanner's entry point, shared by `vigil scan` and (later) the server: catalog a target,
 * match its packages against the advisory database, and return one ScanReport. Filtering, VEX
 * and formatting are left to the caller, so a stored report keeps every finding.
 */
import type { AdvisoryReader } from '@vigil/vulndb';
import { catalogSource, type CatalogOptions } from './engine.ts';
import { matchPackages } from './match/index.ts';
import type { ScanReport, TargetKind } from './report/model.ts';
import { readSbom } from './sbom/index.ts';
import { openDirectorySource, openImageSource } from './source/index.ts';
import { mergeDuplicates } from './packages.ts';

export interface ScanOptions extends CatalogOptions {
  /** Advisory database; without one the report lists packages only. */
  db?: AdvisoryReader;
  /** Describes the database in the report. */
  dbInfo?: ScanReport['database'];
  /**
   * Match dev-only dependencies too. Off by default: lockfile dev dependencies do not ship in
   * the artefact, and reporting them is a classic false positive. They stay in `packages`.
   */
  includeDevDeps?: boolean;
}

export async function scan(kind: TargetKind, ref: string, opts: ScanOptions = {}): Promise<ScanReport> {
  const catalog = await catalogTarget(kind, ref, opts);
  return {
    schemaVersion: 1,
    createdAt: new Date().toISOString(),
    target: catalog.target,
    packages: catalog.packages,
    findings: opts.db ? matchPackages(opts.includeDevDeps ? catalog.packages : catalog.packages.filter((p) => !p.dev), opts.db) : [],
    warnings: catalog.warnings,
    ...(opts.dbInfo ? { database: opts.dbInfo } : {}),
  };
}

async function catalogTarget(kind: TargetKind, ref: string, opts: CatalogOptions) {
  switch (kind) {
    case 'image':
      return catalogSource((o) => openImageSource(ref, o), opts);
    case 'rootfs':
    case 'fs':
      return catalogSource((o) => openDirectorySource(ref, kind, { ...o, skipDirs: [...(opts.skipDirs ?? [])] }), opts);
    case 'sbom': {
      const sbom = await readSbom(ref);
      return {
        target: { kind, name: ref, ...(sbom.os ? { os: sbom.os } : {}) },
        packages: mergeDuplicates(sbom.packages),
        warnings: sbom.warnings ?? [],
      };
    }
  }
}
