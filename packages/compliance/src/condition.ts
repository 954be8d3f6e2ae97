/**
 * Conditions over JSON documents (Docker inspect output, /info, Kubernetes manifests):
 * `{field, op, value}` leaves combined with all / any / not. A field is a dotted path where `[]`
 * walks every element of an array (`Mounts[].Source`) and `*` every value of a map; a leaf holds when any value it reaches
 * satisfies the operator, so "some mount is /etc" reads as one leaf.
 */
import { UserError } from '@vigil/schema';
import { compare, isCompareOp, type CompareOp } from './compare.ts';

export type Condition =
  | { field: string; op: CompareOp | 'present' | 'absent'; value?: string }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export function parseCondition(raw: unknown, where: string): Condition {
  if (!raw || typeof raw !== 'object') throw new UserError(`${where}: a condition must be a mapping`, 'BAD_CHECK');
  const o = raw as Record<string, unknown>;
  if (Array.isArray(o.all)) return { all: o.all.map((c, i) => parseCondition(c, `${where}.all[${i}]`)) };
  if (Array.isArray(o.any)) return { any: o.any.map((c, i) => parseCondition(c, `${where}.any[${i}]`)) };
  if (o.not !== undefined) return { not: parseCondition(o.not, `${where}.not`) };
  if (typeof o.field !== 'string') throw new UserError(`${where}: condition needs field, all, any or not`, 'BAD_CHECK');
  const op = o.op ?? 'eq';
  if (op !== 'present' && op !== 'absent' && !isCompareOp(op)) throw new UserError(`${where}: unknown op '${String(op)}'`, 'BAD_CHECK');
  if (op !== 'present' && op !== 'absent' && o.value === undefined) throw new UserError(`${where}: op ${op} needs a value`, 'BAD_CHECK');
  return { field: o.field, op, ...(o.value !== undefined ? { value: String(o.value) } : {}) };
}

export function holds(cond: Condition, doc: unknown): boolean {
  if ('all' in cond) return cond.all.every((c) => holds(c, doc));
  if ('any' in cond) return cond.any.some((c) => holds(c, doc));
  if ('not' in cond) return !holds(cond.not, doc);
  const values = fieldValues(doc, cond.field).filter((v) => v !== undefined && v !== null && v !== '');
  if (cond.op === 'present') return values.length > 0;
  if (cond.op === 'absent') return values.length === 0;
  const op = cond.op;
  return values.some((v) => compare(op, scalar(v), cond.value!));
}

/** The fields a condition reads, with the values found: the evidence of a verdict. */
export function describeFields(cond: Condition, doc: unknown): string {
  const fields = new Set<string>();
  const collect = (c: Condition): void => {
    if ('all' in c) c.all.forEach(collect);
    else if ('any' in c) c.any.forEach(collect);
    else if ('not' in c) collect(c.not);
    else fields.add(c.field);
  };
  collect(cond);
  return [...fields].map((f) => `${f}=${fieldValues(doc, f).map(scalar).join(',') || '<unset>'}`).join(' ');
}

export function fieldValues(doc: unknown, path: string): unknown[] {
  let current: unknown[] = [doc];
  for (const part of path.split('.')) {
    const spread = part.endsWith('[]');
    const key = spread ? part.slice(0, -2) : part;
    const next: unknown[] = [];
    for (const value of current) {
      if (!value || typeof value !== 'object') continue;
      // `*` is every value of a map (`NetworkSettings.Ports.*`: the bindings of every port).
      const children = key === '*' ? Object.values(value) : [(value as Record<string, unknown>)[key]];
      for (const child of children) {
        if (!spread) next.push(child);
        else if (Array.isArray(child)) next.push(...child);
      }
    }
    current = next;
  }
  return current;
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
