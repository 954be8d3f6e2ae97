import type { CvssScore } from '@vigil/schema';

/** One OSV-style range event; exactly one key is set. */
export type RangeEvent =
  | { introduced: string }
  | { fixed: string }
  | { last_affected: string }
  | { limit: string };

export interface AffectedRange {
  /** `ECOSYSTEM` and `SEMVER` are evaluated; `GIT` ranges are kept out of the store. */
  type: 'ECOSYSTEM' | 'SEMVER';
  events: RangeEvent[];
}

/**
 * How an advisory stands for one package in one ecosystem.
 * affected: ranges/versions decide; not-affected: never report (Debian fixed_version "0");
 * unfixed: every version affected, no fix (Debian "open"); wont-fix: affected, the vendor
 * declines (no-dsa, ignored, end-of-life).
 */
export type AffectedStatus = 'affected' | 'not-affected' | 'unfixed' | 'wont-fix';

export interface AffectedPackage {
  /**
   * OSV ecosystem with release for distros: `Debian:12`, `Alpine:v3.19`, `npm`, `PyPI`, `Go`,
   * `crates.io`, `Maven`, `RubyGems`, `Packagist`, `NuGet`.
   */
  ecosystem: string;
  /** Package name normalised by `normalizePackageName(ecosystem, name)`. Distros: source package. */
  name: string;
  status: AffectedStatus;
  ranges: AffectedRange[];
  /** Explicitly listed affected versions (OSV `versions`). */
  versions: string[];
  /** Vendor severity for this package/release (Debian urgency, GHSA severity). */
  severity?: string;
}

export interface Advisory {
  id: string;
  aliases: string[];
  /** Database source that supplied it: `osv`, `debian`, `alpine`, `rustsec`, `nodejs-wg`, … */
  source: string;
  summary?: string;
  details?: string;
  published?: string;
  modified?: string;
  /** Set when the advisory was withdrawn or the CVE rejected: never reported. */
  withdrawn?: string;
  cvss: CvssScore[];
  /** Vendor/database severity word when no CVSS is given (`HIGH`, `moderate`, …). */
  severity?: string;
  references: string[];
  affected: AffectedPackage[];
}
