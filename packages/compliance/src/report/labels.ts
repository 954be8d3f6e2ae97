import type { CheckStatus } from '../model.ts';

/** How a status reads in each language, in every format. */
export const STATUS_LABELS: Record<CheckStatus, { en: string; zh: string }> = {
  pass: { en: 'PASS', zh: '通过' },
  fail: { en: 'FAIL', zh: '不符合' },
  warn: { en: 'WARN', zh: '警告' },
  manual: { en: 'MANUAL', zh: '人工核查' },
};

/** Results in report order, each under its group; results outside every group come last. */
export function grouped<G extends { id: string; results: string[] }, T extends { id: string }>(groups: readonly G[], results: readonly T[]) {
  const byId = new Map(results.map((r) => [r.id, r]));
  const placed = new Set(groups.flatMap((g) => g.results));
  const out = groups.map((g) => ({ group: g, results: g.results.map((id) => byId.get(id)).filter((r): r is T => r !== undefined) }));
  const rest = results.filter((r) => !placed.has(r.id));
  return { sections: out, rest };
}
