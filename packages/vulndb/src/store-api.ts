import type { Advisory, AffectedPackage } from './advisory.ts';

/** A stored affected-package row joined with its advisory, what the matcher consumes. */
export interface AffectedMatch {
  advisory: Omit<Advisory, 'affected'>;
  affected: AffectedPackage;
}

export interface SourceInfo {
  name: string;
  /** What was imported: file paths or URLs. */
  origin: string;
  importedAt: string;
  advisories: number;
  affected: number;
}

/** A CVE listed as exploited in the wild (CISA's Known Exploited Vulnerabilities catalog). */
export interface KnownExploited {
  cveId: string;
  /** When the catalog added it (YYYY-MM-DD). */
  dateAdded?: string;
  /** Known to be used in ransomware campaigns. */
  ransomware: boolean;
}

/** Read side of the advisory database, as the matcher sees it. */
export interface AdvisoryReader {
  /** All advisories that name `name` (normalised) in `ecosystem`. Must take well under 1 ms. */
  lookup(ecosystem: string, name: string): AffectedMatch[];
  /** True when an advisory id or one of its aliases is withdrawn/rejected anywhere. */
  isWithdrawn(id: string): boolean;
  sources(): SourceInfo[];
}
