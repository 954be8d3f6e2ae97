/**
 * Macro and list expansion over the parsed AST (not text substitution, so a macro keeps its own
 * precedence), and Falco exceptions turned into `and not (...)` clauses.
 */
import { LIST_OPS, type CompareOp, type Expr, COMPARE_OPS } from '../condition/ast.ts';
import { parseCondition, parseFieldRef } from '../condition/parser.ts';

export class ExpansionError extends Error {}

export interface Definitions {
  lists: ReadonlyMap<string, readonly string[]>;
  macros: ReadonlyMap<string, string>;
}

export class Expander {
  private readonly parsed = new Map<string, Expr>();
  constructor(private readonly defs: Definitions) {}

  expand(e: Expr, stack: string[] = []): Expr {
    switch (e.type) {
      case 'and':
      case 'or':
        return { type: e.type, items: e.items.map((i) => this.expand(i, stack)) };
      case 'not':
        return { type: 'not', expr: this.expand(e.expr, stack) };
      case 'ref':
        return this.macro(e.name, stack);
      case 'compare':
        return e.operand.kind === 'list' ? { ...e, operand: { kind: 'list', values: this.listItems(e.operand.values) } } : e;
      default:
        return e;
    }
  }

  private macro(name: string, stack: string[]): Expr {
    if (stack.includes(name)) throw new ExpansionError(`macro ${name} refers to itself (${[...stack, name].join(' → ')})`);
    let body = this.parsed.get(name);
    if (!body) {
      const src = this.defs.macros.get(name);
      if (src === undefined) throw new ExpansionError(`undefined macro ${name}`);
      try {
        body = parseCondition(src);
      } catch (err) {
        throw new ExpansionError(`macro ${name}: ${(err as Error).message}`);
      }
      this.parsed.set(name, body);
    }
    return this.expand(body, [...stack, name]);
  }

  /** List items with list names replaced by their items, recursively. */
  listItems(values: readonly string[], seen: readonly string[] = []): string[] {
    const out: string[] = [];
    for (const v of values) {
      const items = this.defs.lists.get(v);
      if (items === undefined) out.push(unquote(v));
      else if (seen.includes(v)) throw new ExpansionError(`list ${v} refers to itself`);
      else out.push(...this.listItems(items, [...seen, v]));
    }
    return out;
  }
}

/** List items are written as they would appear in a condition, so `'"foo bar"'` means `foo bar`. */
function unquote(v: string): string {
  return v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'"))) ? v.slice(1, -1) : v;
}

export interface FalcoException {
  name: string;
  fields?: string | string[];
  comps?: string | string[];
  values?: unknown[];
}

/** One exception as an expression that is true when the event is excepted (false with no values). */
export function exceptionExpr(ex: FalcoException, expander: Expander): Expr {
  const values = ex.values ?? [];
  if (ex.fields === undefined) throw new ExpansionError(`exception ${ex.name} has no fields`);
  if (typeof ex.fields === 'string') {
    // Single-field form: `values` is a flat list compared with one operator (default `in`).
    const op = comp(typeof ex.comps === 'string' ? ex.comps : 'in', ex.name);
    const items = values.flatMap((v) => (Array.isArray(v) ? v.map(String) : [String(v)]));
    if (items.length === 0) return { type: 'const', value: false };
    return compareExpr(ex.fields, op, items, expander);
  }
  const fields = ex.fields;
  const comps = Array.isArray(ex.comps) ? ex.comps : fields.map(() => (typeof ex.comps === 'string' ? ex.comps : '='));
  if (comps.length !== fields.length) throw new ExpansionError(`exception ${ex.name}: ${fields.length} fields but ${comps.length} comps`);
  const alternatives: Expr[] = values.map((tuple) => {
    if (!Array.isArray(tuple) || tuple.length !== fields.length) throw new ExpansionError(`exception ${ex.name}: each value needs ${fields.length} items`);
    return {
      type: 'and',
      items: fields.map((f, i) => {
        const v = tuple[i];
        return compareExpr(f, comp(comps[i], ex.name), Array.isArray(v) ? v.map(String) : [String(v)], expander);
      }),
    };
  });
  return alternatives.length === 0 ? { type: 'const', value: false } : { type: 'or', items: alternatives };
}

function comp(op: string, exName: string): CompareOp {
  if (!(COMPARE_OPS as readonly string[]).includes(op)) throw new ExpansionError(`exception ${exName}: unknown comparison ${op}`);
  return op as CompareOp;
}

function compareExpr(field: string, op: CompareOp, values: string[], expander: Expander): Expr {
  const ref = parseFieldRef(field);
  if (LIST_OPS.has(op)) return { type: 'compare', field: ref, op, operand: { kind: 'list', values: expander.listItems(values) } };
  if (values.length !== 1) throw new ExpansionError(`exception on ${field}: ${op} takes one value`);
  return { type: 'compare', field: ref, op, operand: { kind: 'value', value: values[0] } };
}
