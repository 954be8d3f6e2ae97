/** Severity order for sorting and filters, shared by every store implementation. */
import type { AlertSeverityName } from './store.ts';

const ALERT_RANK: Record<AlertSeverityName, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
const FINDING_RANK: Record<string, number> = { UNKNOWN: 0, NEGLIGIBLE: 1, LOW: 2, MEDIUM: 3, HIGH: 4, CRITICAL: 5 };

export function alertSeverityRank(s: AlertSeverityName): number {
  return ALERT_RANK[s];
}

/** Scanner severities (`CRITICAL` … `UNKNOWN`, any case); anything else ranks as UNKNOWN. */
export function findingSeverityRank(s: string): number {
  return FINDING_RANK[s.toUpperCase()] ?? 0;
}
