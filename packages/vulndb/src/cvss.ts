/**
 * CVSS base scores computed from vectors, so every stored score is reproducible from the vector
 * the advisory carried (FIRST CVSS v2 guide §3.2.1, v3.0 and v3.1 specification §7).
 * v4.0 vectors are kept as given: their score needs the macro-vector lookup table.
 */
import type { CvssScore } from '@vigil/schema';

export type CvssSeverity = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

type Metrics = Map<string, string>;

function parseMetrics(parts: string[]): Metrics | undefined {
  const metrics: Metrics = new Map();
  for (const part of parts) {
    const [key, value, extra] = part.split(':');
    if (!key || !value || extra !== undefined || metrics.has(key)) return undefined;
    metrics.set(key, value);
  }
  return metrics;
}

function weight(metrics: Metrics, key: string, table: Record<string, number>): number | undefined {
  const value = metrics.get(key);
  return value === undefined ? undefined : table[value];
}

const V3 = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  PR_UNCHANGED: { N: 0.85, L: 0.62, H: 0.27 },
  PR_CHANGED: { N: 0.85, L: 0.68, H: 0.5 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
};

/** v3.1 Roundup: integer arithmetic so 4.000000001 does not become 4.1 through float noise. */
function roundUp31(x: number): number {
  const scaled = Math.round(x * 100000);
  return scaled % 10000 === 0 ? scaled / 100000 : (Math.floor(scaled / 10000) + 1) / 10;
}

function roundUp30(x: number): number {
  return Math.ceil(x * 10) / 10;
}

/** Base score of a `CVSS:3.x/...` vector; undefined when a base metric is missing or invalid. */
export function cvss3BaseScore(vector: string): number | undefined {
  const parts = vector.trim().split('/');
  const version = /^CVSS:(3\.[01])$/.exec(parts[0] ?? '')?.[1];
  if (!version) return undefined;
  const metrics = parseMetrics(parts.slice(1));
  if (!metrics) return undefined;
  const scope = metrics.get('S');
  if (scope !== 'U' && scope !== 'C') return undefined;
  const changed = scope === 'C';
  const av = weight(metrics, 'AV', V3.AV);
  const ac = weight(metrics, 'AC', V3.AC);
  const pr = weight(metrics, 'PR', changed ? V3.PR_CHANGED : V3.PR_UNCHANGED);
  const ui = weight(metrics, 'UI', V3.UI);
  const c = weight(metrics, 'C', V3.CIA);
  const i = weight(metrics, 'I', V3.CIA);
  const a = weight(metrics, 'A', V3.CIA);
  if (av === undefined || ac === undefined || pr === undefined || ui === undefined) return undefined;
  if (c === undefined || i === undefined || a === undefined) return undefined;

  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av * ac * pr * ui;
  const roundUp = version === '3.1' ? roundUp31 : roundUp30;
  return changed
    ? roundUp(Math.min(1.08 * (impact + exploitability), 10))
    : roundUp(Math.min(impact + exploitability, 10));
}

const V2 = {
  AV: { L: 0.395, A: 0.646, N: 1.0 },
  AC: { H: 0.35, M: 0.61, L: 0.71 },
  Au: { M: 0.45, S: 0.56, N: 0.704 },
  CIA: { N: 0, P: 0.275, C: 0.66 },
};

/** Base score of a v2 vector (`AV:N/AC:L/Au:N/C:P/I:P/A:P`, optionally in parentheses). */
export function cvss2BaseScore(vector: string): number | undefined {
  const metrics = parseMetrics(vector.trim().replace(/^\(|\)$/g, '').split('/'));
  if (!metrics) return undefined;
  const av = weight(metrics, 'AV', V2.AV);
  const ac = weight(metrics, 'AC', V2.AC);
  const au = weight(metrics, 'Au', V2.Au);
  const c = weight(metrics, 'C', V2.CIA);
  const i = weight(metrics, 'I', V2.CIA);
  const a = weight(metrics, 'A', V2.CIA);
  if (av === undefined || ac === undefined || au === undefined) return undefined;
  if (c === undefined || i === undefined || a === undefined) return undefined;
  const impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const exploitability = 20 * av * ac * au;
  const f = impact === 0 ? 0 : 1.176;
  const score = (0.6 * impact + 0.4 * exploitability - 1.5) * f;
  return Math.round(score * 10) / 10;
}

/** The CVSS version a vector is written in, or undefined when it is not a CVSS vector. */
export function cvssVersion(vector: string): string | undefined {
  const prefix = /^CVSS:(\d\.\d)\//.exec(vector.trim());
  if (prefix) return prefix[1];
  return /(^|\/)Au:[MSN](\/|$)/.test(vector) ? '2.0' : undefined;
}

/**
 * A stored CVSS entry from a vector: version from the vector, score computed for v2/v3
 * (the vector is the source of truth; a score given alongside is used only for v4).
 * Undefined when the string is not a CVSS vector.
 */
export function cvssFromVector(vector: string, source?: string, givenScore?: number): CvssScore | undefined {
  const trimmed = vector.trim();
  const version = cvssVersion(trimmed);
  if (!version) return undefined;
  const score =
    version === '2.0' ? cvss2BaseScore(trimmed) : version.startsWith('3.') ? cvss3BaseScore(trimmed) : givenScore;
  const entry: CvssScore = { version, vector: trimmed };
  if (score !== undefined && Number.isFinite(score)) entry.score = score;
  if (source) entry.source = source;
  return entry;
}

/** Qualitative rating of a score (CVSS v3/v4 bands: 0 none, <4 low, <7 medium, <9 high). */
export function severityFromScore(score: number): CvssSeverity {
  if (score <= 0) return 'NONE';
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}
