/**
 * Severity of a finding: the CVSS score of the newest CVSS version that has one decides; without
 * a score, the vendor's word (Debian urgency, GHSA/Alpine/Red Hat ratings) is mapped; else UNKNOWN.
 */
import { SEVERITY_ORDER, type CvssScore, type Severity, type SeverityLevel } from '@vigil/schema';

/** CVSS qualitative rating scale (v3.x/v4.0 section "Qualitative Severity Rating Scale"). */
export function levelFromScore(score: number): SeverityLevel {
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  if (score > 0) return 'LOW';
  return 'NEGLIGIBLE'; // 0.0 is rated "None"
}

const VENDOR_WORDS: Record<string, SeverityLevel> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  important: 'HIGH', // Red Hat, SUSE
  medium: 'MEDIUM',
  moderate: 'MEDIUM', // GHSA, Red Hat
  low: 'LOW',
  negligible: 'NEGLIGIBLE', // Ubuntu
  unimportant: 'NEGLIGIBLE', // Debian urgency
};

/**
 * Map a vendor's severity word to a level. Debian marks guessed urgencies with trailing `*`/`**`
 * (`medium**`), which are stripped; words that carry no rating (`not yet assigned`, `untriaged`)
 * give undefined.
 */
export function levelFromVendor(word: string | undefined): SeverityLevel | undefined {
  if (!word) return undefined;
  return VENDOR_WORDS[word.trim().toLowerCase().replace(/[^a-z]+$/, '')];
}

function versionNumber(version: string): number {
  const n = Number.parseFloat(version);
  return Number.isFinite(n) ? n : 0;
}

/** The score that decides: the highest CVSS version with a score; its highest score among sources. */
export function decidingScore(cvss: readonly CvssScore[]): CvssScore | undefined {
  let best: CvssScore | undefined;
  for (const c of cvss) {
    if (c.score === undefined || !Number.isFinite(c.score)) continue;
    if (!best) {
      best = c;
      continue;
    }
    const dv = versionNumber(c.version) - versionNumber(best.version);
    if (dv > 0 || (dv === 0 && c.score > (best.score ?? 0))) best = c;
  }
  return best;
}

export function severityOf(cvss: readonly CvssScore[], vendor: string | undefined): Severity {
  const deciding = decidingScore(cvss);
  const level = deciding
    ? levelFromScore(deciding.score ?? 0)
    : (levelFromVendor(vendor) ?? 'UNKNOWN');
  const severity: Severity = { level, cvss: [...cvss] };
  if (vendor) severity.vendor = vendor;
  return severity;
}

/** Rank for sorting: higher is more severe. */
export function severityRank(level: SeverityLevel): number {
  return SEVERITY_ORDER.indexOf(level);
}

/** Union of CVSS scores, one per (version, vector, source). */
export function mergeCvss(lists: readonly (readonly CvssScore[])[]): CvssScore[] {
  const seen = new Map<string, CvssScore>();
  for (const list of lists) {
    for (const c of list) {
      const key = `${c.version}\u0000${c.vector}\u0000${c.source ?? ''}`;
      const prior = seen.get(key);
      if (!prior || (prior.score === undefined && c.score !== undefined)) seen.set(key, c);
    }
  }
  return [...seen.values()];
}
