/**
 * Partial evaluation of a condition for one event kind. Fields whose possible values per kind are
 * known (Falco's `evt.type`, `evt.dir`) fold to constants, so a rule is indexed under exactly the
 * kinds it can match and each compiled predicate skips checks its kind already decides.
 */
import type { EventKind } from '@vigil/schema';
import type { Expr } from './condition/ast.ts';
import type { FieldResolver, FieldSpec } from './fields.ts';

const T: Expr = { type: 'const', value: true };
const F: Expr = { type: 'const', value: false };

export function specialize(e: Expr, kind: EventKind, resolve: FieldResolver): Expr {
  switch (e.type) {
    case 'and':
    case 'or': {
      const stop = e.type === 'and' ? false : true;
      const items: Expr[] = [];
      for (const i of e.items) {
        const s = specialize(i, kind, resolve);
        if (s.type === 'const') {
          if (s.value === stop) return s;
          continue;
        }
        items.push(s);
      }
      if (items.length === 0) return stop ? F : T;
      return items.length === 1 ? items[0] : { type: e.type, items };
    }
    case 'not': {
      const s = specialize(e.expr, kind, resolve);
      return s.type === 'const' ? (s.value ? F : T) : { type: 'not', expr: s };
    }
    case 'compare': {
      if (e.operand.kind === 'field') return e;
      const possible = possibleValues(resolve, e, kind);
      if (!possible) return e;
      const lits = e.operand.kind === 'list' ? e.operand.values : [e.operand.value];
      const matches = (v: string) => lits.includes(v);
      const positive = e.op === '=' || e.op === '==' || e.op === 'in';
      if (!positive && e.op !== '!=') return e;
      const vals = [...possible];
      // With no value for this kind the field is absent, and Falco comparisons on absent fields are false.
      if (vals.length === 0) return F;
      const some = vals.some(matches);
      const every = vals.every(matches);
      if (positive) return every ? T : some ? e : F;
      return !some ? T : every ? F : e;
    }
    default:
      return e;
  }
}

function possibleValues(resolve: FieldResolver, e: Extract<Expr, { type: 'compare' }>, kind: EventKind): ReadonlySet<string> | undefined {
  let spec: FieldSpec;
  try {
    spec = resolve(e.field);
  } catch {
    return undefined;
  }
  return spec.possible?.(kind);
}
