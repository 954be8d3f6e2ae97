/**
 * Comparison operators, with kube-bench's semantics (its `compare.op`), shared by kube-bench tests
 * and Vigil's own probes so that `gte` or `bitmask` mean one thing everywhere.
 */
import { UserError } from '@vigil/schema';

export const COMPARE_OPS = ['eq', 'noteq', 'gt', 'gte', 'lt', 'lte', 'has', 'nothave', 'regex', 'valid_elements', 'bitmask'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

export function isCompareOp(op: unknown): op is CompareOp {
  return typeof op === 'string' && (COMPARE_OPS as readonly string[]).includes(op);
}

/** `actual <op> expected`; numeric ops are false when either side is not a number. */
export function compare(op: CompareOp, actual: string, expected: string): boolean {
  switch (op) {
    case 'eq':
    case 'noteq': {
      // Booleans compare case-insensitively (`True` is `true`), everything else exactly.
      const lower = actual.toLowerCase();
      const same = lower === 'true' || lower === 'false' ? lower === expected : actual === expected;
      return op === 'eq' ? same : !same;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      // Integers only, as kube-bench (strconv.Atoi): `5s` or `1.5` compare as false.
      if (!/^[-+]?\d+$/.test(actual.trim()) || !/^[-+]?\d+$/.test(expected.trim())) return false;
      const a = Number(actual.trim());
      const e = Number(expected.trim());
      return op === 'gt' ? a > e : op === 'gte' ? a >= e : op === 'lt' ? a < e : a <= e;
    }
    case 'has':
      return actual.includes(expected);
    case 'nothave':
      return !actual.includes(expected);
    case 'regex':
      return regex(expected).test(actual);
    case 'valid_elements': {
      // Every element of the actual list is among the allowed ones.
      const have = list(actual);
      const allowed = list(expected);
      if (!have.length || !allowed.length) return have.length === allowed.length;
      return have.every((s) => allowed.includes(s));
    }
    case 'bitmask': {
      // Permissions no wider than the mask: 600 passes a 644 mask, 666 does not.
      const requested = parseInt(actual.trim(), 8);
      const mask = parseInt(expected.trim(), 8);
      if (Number.isNaN(requested) || Number.isNaN(mask)) return false;
      return (mask & requested) === requested;
    }
  }
}

function list(text: string): string[] {
  const clean = text.trim().replace(/,+$/, '');
  return clean ? clean.split(',').map((s) => s.trim()) : [];
}

const regexCache = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) {
    try {
      re = new RegExp(source);
    } catch {
      throw new UserError(`invalid regular expression in a check: ${source}`, 'BAD_CHECK');
    }
    regexCache.set(source, re);
  }
  return re;
}
