/** The shapes every benchmark shares: a check's result and the report the agent posts to the server. */

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'manual';
export const CHECK_STATUSES: readonly CheckStatus[] = ['pass', 'fail', 'warn', 'manual'];

/** Every title a person reads comes in English and Simplified Chinese. */
export interface Bilingual {
  en: string;
  zh: string;
}

/** Where a check sits in other catalogues: the CIS number, the MLPS 2.0 test items it serves. */
export interface Mappings {
  cis?: string;
  mlps?: string[];
}

export interface CheckResult {
  /** The benchmark's own numbering (`5.4`, `1.2.1`) or Vigil's id (`host.ssh.root-login`). */
  id: string;
  title: Bilingual;
  status: CheckStatus;
  /** What was looked at and what was found, one line per object. */
  evidence: string;
  rationale?: string;
  remediation?: string;
  references?: string[];
  mappings?: Mappings;
  /** Counted in the benchmark's score (kube-bench `scored`); manual checks never are. */
  scored?: boolean;
  /** The benchmark section or standard clause the check is grouped under. */
  group?: string;
}

export interface ReportGroup {
  id: string;
  title: Bilingual;
  /** Ids of the results in this group, in order. */
  results: string[];
}

/** `POST /api/v1/agents/{id}/compliance` carries `{ id, report }` with this report. */
export interface ComplianceReport {
  profile: string;
  title: Bilingual;
  generatedAt: string;
  /** `host` or the root directory / image the checks ran against. */
  target: string;
  results: CheckResult[];
  groups: ReportGroup[];
  summary: Record<CheckStatus, number>;
  /** What did not run and why (a kube-bench target whose components are absent). */
  notes?: string[];
}

export function summarise(results: readonly CheckResult[]): Record<CheckStatus, number> {
  const summary: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0, manual: 0 };
  for (const r of results) summary[r.status]++;
  return summary;
}
