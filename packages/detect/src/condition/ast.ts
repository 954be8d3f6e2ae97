/**
 * The predicate AST every rule language compiles to (Falco conditions today; Sigma and Vigil rules
 * build the same nodes). Literals stay strings as written; the compiler types them per field.
 */

export interface FieldRef {
  /** Field name as the rule spells it: `proc.aname`, `evt.arg.flags`. */
  name: string;
  /** Bracket argument: `2` in `proc.aname[2]`, a path in `container.mount.dest[/etc]`. */
  arg?: string;
}

export const COMPARE_OPS = [
  '=', '==', '!=', '<', '<=', '>', '>=',
  'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith',
  'glob', 'iglob', 'pmatch', 'in', 'intersects', 'regex',
] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

/** Operators whose right-hand side is a list `(a, b, …)`. */
export const LIST_OPS: ReadonlySet<CompareOp> = new Set(['in', 'intersects', 'pmatch']);

export type Operand =
  | { kind: 'value'; value: string }
  | { kind: 'list'; values: string[] }
  /** `val(other.field)`: compare against another field of the same event. */
  | { kind: 'field'; field: FieldRef };

export type Expr =
  | { type: 'and'; items: Expr[] }
  | { type: 'or'; items: Expr[] }
  | { type: 'not'; expr: Expr }
  | { type: 'compare'; field: FieldRef; op: CompareOp; operand: Operand }
  | { type: 'exists'; field: FieldRef }
  /** A bare identifier: a macro reference until the loader expands it. */
  | { type: 'ref'; name: string }
  | { type: 'const'; value: boolean };

export function fieldText(f: FieldRef): string {
  return f.arg === undefined ? f.name : `${f.name}[${f.arg}]`;
}

/** Visit every node, depth first. */
export function walk(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  if (e.type === 'and' || e.type === 'or') for (const i of e.items) walk(i, visit);
  else if (e.type === 'not') walk(e.expr, visit);
}
