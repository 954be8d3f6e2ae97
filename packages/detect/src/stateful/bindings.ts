/**
 * Field binding between sequence steps: a step's condition may compare with a field of an earlier
 * step's last event (`user.name = ${failures.user.name}`, stored as the field operand
 * `$failures[user.name]`). Such a condition cannot be decided before the event's key picks a
 * sequence, so each step gets two predicates: a relaxed one without bindings that indexes and
 * filters like any rule, and the exact one, evaluated against the chosen sequence.
 */
import type { VigilEvent } from '@vigil/schema';
import { walk, type Expr, type FieldRef } from '../condition/ast.ts';
import { UnsupportedFieldError, type FieldResolver, type FieldSpec } from '../fields.ts';
import type { CorrelationStep } from './correlation.ts';

const isBinding = (f: FieldRef) => f.name.startsWith('$') && f.arg !== undefined;

/** The AST operand for `${step.field}`. */
export function bindingRef(step: string, field: string): FieldRef {
  return { name: `$${step}`, arg: field };
}

export function hasBindings(e: Expr): boolean {
  let found = false;
  walk(e, (n) => {
    if (n.type === 'compare' && n.operand.kind === 'field' && isBinding(n.operand.field)) found = true;
  });
  return found;
}

/** `e` with every binding comparison replaced so the result is implied by `e` (true where positive, false under `not`). */
export function relax(e: Expr, positive = true): Expr {
  switch (e.type) {
    case 'and':
    case 'or':
      return { type: e.type, items: e.items.map((i) => relax(i, positive)) };
    case 'not':
      return { type: 'not', expr: relax(e.expr, !positive) };
    case 'compare':
      return e.operand.kind === 'field' && isBinding(e.operand.field) ? { type: 'const', value: positive } : e;
    default:
      return e;
  }
}

/**
 * The resolver for step `index`'s exact predicate: bound operands read the earlier step's last
 * event from `bound`, which the sequence sets just before evaluating.
 */
export function bindingResolver(steps: readonly CorrelationStep[], index: number, bound: { events: readonly (VigilEvent | undefined)[] }): FieldResolver {
  const own = steps[index].resolve;
  return (f) => {
    if (!isBinding(f)) return own(f);
    const id = f.name.slice(1);
    const from = steps.findIndex((s) => s.id === id);
    if (from < 0 || from >= index) throw new UnsupportedFieldError(`\${${id}.${f.arg}}`, `step ${id} is not an earlier step`);
    const spec: FieldSpec = steps[from].resolve({ name: f.arg! });
    return {
      type: spec.type,
      multi: spec.multi,
      get: (_ev, num) => {
        const ev = bound.events[from];
        return ev === undefined ? undefined : spec.get(ev, num);
      },
    };
  };
}
