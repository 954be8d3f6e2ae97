/**
 * Second-level rule index within an event kind. Most rules require one field to take one of a
 * few literal values (`process.name in (shell_binaries)`, `proc.name = debugfs`); indexing them by
 * that value means an event only meets the rules its value can satisfy. Up to MAX_INDEXES fields
 * are indexed per kind (rule languages name fields differently), a rule constrained on several
 * indexed fields is skipped when any of them misses. Of the remaining rules, those with a
 * literal guard (guards.ts: the command line must contain `curl` or `wget`) run only when a scan
 * of the event finds one of their literals; the rest always run. Each combination of indexed
 * values and literals found gets its merged candidate list, in rule order, cached.
 */
import type { Expr } from './condition/ast.ts';
import type { EvalContext, FieldSlots } from './compile.ts';
import type { FieldResolver, FieldSpec, FieldValue, Scalar } from './fields.ts';
import { GuardScan, literalGuard, sharedGuards } from './guards.ts';

export interface Dispatchable {
  /** The condition as specialised for the kind, for finding required values. */
  condition: Expr;
  resolve: FieldResolver;
}

const MAX_INDEXES = 3;
/** Fewer rules than this on a field are not worth an index lookup per event. */
const MIN_RULES_PER_INDEX = 3;
/** Distinct value combinations whose merged lists are kept; beyond it the cache starts over. */
const MAX_CACHED_LISTS = 4096;

interface FieldIndex {
  spec: FieldSpec;
  read: (ctx: EvalContext) => FieldValue;
  numeric: boolean;
  /** Indexed values: numbers for a numeric field, else strings. */
  values: ReadonlySet<Scalar>;
}

/**
 * One level per index, keyed by the event's indexed value (undefined: none some rule requires),
 * then one per literal id found, in ascending order, ended by END.
 */
type ListTree<T> = Map<Scalar | undefined, ListTree<T> | readonly T[]>;
const END = -1;

export class Dispatch<T extends Dispatchable> {
  private readonly indexes: FieldIndex[] = [];
  /** Entry position → for each index, the values it requires, as strings (undefined: not indexed there). */
  private readonly required: (ReadonlySet<string> | undefined)[][];
  /** Literal guards of the entries no index constrains; undefined when none has one. */
  private readonly guards: GuardScan | undefined;
  private cache: ListTree<T> = new Map();
  private cached = 0;

  constructor(
    private readonly entries: readonly T[],
    slots: FieldSlots,
  ) {
    const constraints = entries.map((e) => requiredValues(e.condition, e.resolve));
    const open = new Set(entries.keys());
    this.required = entries.map(() => []);
    while (this.indexes.length < MAX_INDEXES) {
      const counts = new Map<FieldSpec, number>();
      for (const i of open) for (const spec of constraints[i].keys()) counts.set(spec, (counts.get(spec) ?? 0) + 1);
      const best = [...counts].sort((a, b) => b[1] - a[1])[0];
      if (!best || best[1] < MIN_RULES_PER_INDEX) break;
      const [spec] = best;
      const numeric = spec.type === 'number';
      const values = new Set<Scalar>();
      const k = this.indexes.length;
      // Every entry constrained on the field, including those an earlier index already holds.
      entries.forEach((_, i) => {
        const vs = constraints[i].get(spec);
        if (!vs) return;
        this.required[i][k] = vs;
        for (const v of vs) values.add(numeric ? Number(v) : v);
        open.delete(i);
      });
      this.indexes.push({ spec, read: slots.reader(spec), numeric, values });
    }
    // Guards on other fields: the indexes already narrow by theirs.
    const indexed = new Set(this.indexes.map((ix) => ix.spec));
    const guards = sharedGuards(entries.map((e) => literalGuard(e.condition, e.resolve, indexed)), indexed);
    this.guards = guards.some((g) => g !== undefined) ? new GuardScan(guards, slots) : undefined;
  }

  get size(): number {
    return this.entries.length;
  }

  /** The entries that can match the event in `ctx`, in their original order. */
  candidates(ctx: EvalContext): readonly T[] {
    const n = this.indexes.length;
    const guards = this.guards;
    if (n === 0 && guards === undefined) return this.entries;
    // Walked without building a key: this runs for every event.
    let node = this.cache;
    for (let k = 0; k < n; k++) node = this.level(node, this.indexed(this.indexes[k], ctx));
    if (guards !== undefined) {
      const found = guards.scan(ctx);
      for (let i = 0; i < found.length; i++) node = this.level(node, found[i]);
    }
    const list = node.get(END) as readonly T[] | undefined;
    return list ?? this.merge(ctx, node);
  }

  private level(node: ListTree<T>, key: Scalar | undefined): ListTree<T> {
    let next = node.get(key) as ListTree<T> | undefined;
    if (next === undefined) node.set(key, (next = new Map()));
    return next;
  }

  /** A combination not seen yet: its candidates, cached at the end of its path. */
  private merge(ctx: EvalContext, node: ListTree<T>): readonly T[] {
    const vals = this.indexes.map((ix) => this.indexed(ix, ctx));
    const ids = this.guards?.ids;
    const list = this.entries.filter(
      (_, i) =>
        this.required[i].every((req, k) => req === undefined || (vals[k] !== undefined && req.has(String(vals[k])))) &&
        (ids?.[i] === undefined || this.guards!.admits(ids[i])),
    );
    if (this.cached >= MAX_CACHED_LISTS) {
      this.cache = new Map();
      this.cached = 0;
      return list;
    }
    node.set(END, list);
    this.cached++;
    return list;
  }

  /** The event's value of an indexed field when some rule requires it. */
  private indexed(ix: FieldIndex, ctx: EvalContext): Scalar | undefined {
    const v = ix.read(ctx);
    if (v === undefined || typeof v === 'object') return undefined;
    const s = ix.numeric ? Number(v) : v;
    return ix.values.has(s) ? s : undefined;
  }
}

/**
 * Fields the condition requires to be one of a set of literal values: `f = v` and `f in (…)` on a
 * single-valued string or number field; through `and` (every conjunct's), and `or` (a field all
 * branches require, their values united). Never looks under `not`.
 */
export function requiredValues(e: Expr, resolve: FieldResolver): Map<FieldSpec, Set<string>> {
  switch (e.type) {
    case 'compare': {
      if (e.operand.kind === 'field' || !['=', '==', 'in'].includes(e.op)) return new Map();
      let spec: FieldSpec;
      try {
        spec = resolve(e.field);
      } catch {
        return new Map();
      }
      if (spec.multi || (spec.type !== 'string' && spec.type !== 'number')) return new Map();
      const lits = e.operand.kind === 'list' ? e.operand.values : [e.operand.value];
      const vals = spec.type === 'number' ? lits.map((l) => String(Number(l))) : lits;
      return new Map([[spec, new Set(vals)]]);
    }
    case 'and': {
      const out = new Map<FieldSpec, Set<string>>();
      for (const item of e.items) {
        for (const [spec, vs] of requiredValues(item, resolve)) {
          const had = out.get(spec);
          out.set(spec, had ? new Set([...had].filter((v) => vs.has(v))) : vs);
        }
      }
      return out;
    }
    case 'or': {
      const [first, ...rest] = e.items.map((i) => requiredValues(i, resolve));
      const out = new Map<FieldSpec, Set<string>>();
      for (const [spec, vs] of first ?? []) {
        if (rest.every((m) => m.has(spec))) out.set(spec, new Set([...vs, ...rest.flatMap((m) => [...m.get(spec)!])]));
      }
      return out;
    }
    default:
      return new Map();
  }
}
