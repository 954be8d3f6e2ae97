import type { Location, Package } from './package.ts';

export type SeverityLevel = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'NEGLIGIBLE' | 'UNKNOWN';

/** Ordered from least to most severe, for filters like `--severity HIGH,CRITICAL`. */
export const SEVERITY_ORDER: readonly SeverityLevel[] = [
  'UNKNOWN',
  'NEGLIGIBLE',
  'LOW',
  'MEDIUM',
  'HIGH',
  'CRITICAL',
];

export interface CvssScore {
  /** `2.0`, `3.0`, `3.1` or `4.0`. */
  version: string;
  vector: string;
  score?: number;
  /** Who scored it (`nvd`, `ghsa`, the advisory's own source). */
  source?: string;
}

export interface Severity {
  level: SeverityLevel;
  cvss: CvssScore[];
  /** The vendor's word when it has one (Debian urgency, Alpine, GHSA database_specific). */
  vendor?: string;
}

/**
 * fixed: a fixed version exists; unfixed: affected, no fix yet; wont-fix: the vendor declines
 * (Debian `no-dsa`/`ignored`, end-of-life releases).
 */
export type FindingStatus = 'fixed' | 'unfixed' | 'wont-fix';

/** One advisory that applies to one installed package. */
export interface Finding {
  /** Advisory id as published (`CVE-2023-1234`, `GHSA-…`, `RUSTSEC-…`, `GO-…`, `DSA-…`). */
  id: string;
  aliases: string[];
  title?: string;
  description?: string;
  package: Pick<Package, 'name' | 'version' | 'type' | 'ecosystem' | 'purl'> & {
    source?: Package['source'];
  };
  installedVersion: string;
  fixedVersions: string[];
  severity: Severity;
  status: FindingStatus;
  locations: Location[];
  references?: string[];
  /** Database source that produced the match (`osv`, `debian`, `alpine`, `rustsec`, …). */
  dataSource: string;
  published?: string;
  modified?: string;
}
