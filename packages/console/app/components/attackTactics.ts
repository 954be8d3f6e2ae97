// The ATT&CK Enterprise tactics in kill-chain order: the matrix's columns. Rules name a tactic
// by id (`TA0002`), name (`Execution`) or slug (`execution`); all three land in one column.
import type { AttackMatrix } from '../api/types.ts';

export const TACTICS = [
  ['TA0043', 'reconnaissance'],
  ['TA0042', 'resource-development'],
  ['TA0001', 'initial-access'],
  ['TA0002', 'execution'],
  ['TA0003', 'persistence'],
  ['TA0004', 'privilege-escalation'],
  ['TA0005', 'defense-evasion'],
  ['TA0006', 'credential-access'],
  ['TA0007', 'discovery'],
  ['TA0008', 'lateral-movement'],
  ['TA0009', 'collection'],
  ['TA0011', 'command-and-control'],
  ['TA0010', 'exfiltration'],
  ['TA0040', 'impact'],
] as const;

export type TacticSlug = (typeof TACTICS)[number][1] | 'other';

export function tacticSlug(tactic: string): TacticSlug {
  const t = tactic.trim().toLowerCase().replace(/[\s_]+/g, '-');
  const found = TACTICS.find(([id, slug]) => id.toLowerCase() === t || slug === t);
  return found ? found[1] : 'other';
}

export interface MatrixColumn {
  slug: TacticSlug;
  id: string | null;
  techniques: { technique: string; count: number }[];
}

/** Every tactic as a column (empty ones too, so the matrix keeps its shape), techniques by count. */
export function matrixColumns(matrix: AttackMatrix): MatrixColumn[] {
  const cells = new Map<TacticSlug, Map<string, number>>();
  for (const { tactic, techniques } of matrix.tactics) {
    const slug = tacticSlug(tactic);
    const column = cells.get(slug) ?? new Map<string, number>();
    for (const { technique, count } of techniques) column.set(technique, (column.get(technique) ?? 0) + count);
    cells.set(slug, column);
  }
  const sorted = (slug: TacticSlug) => [...(cells.get(slug) ?? [])].map(([technique, count]) => ({ technique, count })).sort((a, b) => b.count - a.count || a.technique.localeCompare(b.technique));
  const columns: MatrixColumn[] = TACTICS.map(([id, slug]) => ({ slug, id, techniques: sorted(slug) }));
  if (cells.has('other')) columns.push({ slug: 'other', id: null, techniques: sorted('other') });
  return columns;
}
