import type { Finding, SeverityLevel } from '@vigil/schema';

export interface FindingFilter {
  /** Keep only these levels (`--severity HIGH,CRITICAL`); all when absent or empty. */
  severities?: readonly SeverityLevel[];
  /** Drop findings without a fix to install: `unfixed` and `wont-fix`. */
  ignoreUnfixed?: boolean;
}

export function filterFindings(findings: readonly Finding[], filter: FindingFilter): Finding[] {
  const levels = filter.severities && filter.severities.length > 0 ? new Set(filter.severities) : undefined;
  return findings.filter(
    (f) => (!levels || levels.has(f.severity.level)) && (!filter.ignoreUnfixed || f.status === 'fixed'),
  );
}
