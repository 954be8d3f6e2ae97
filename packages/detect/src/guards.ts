/**
 * Literal guards: what a condition cannot be true without — some string field equal to, or
 * containing, one of a few literals. `process.command_line regex '(curl|wget)\b[^|]*\|\s*sh'`
 * needs the command line to contain `curl` or `wget`; an `or` needs one of its branches' literals,
 * an `and` those of its most selective part. Dispatch looks the guarded fields up (or scans them)
 * once per event for every literal at once and runs only the rules whose literals it found, so a
 * benign command line skips the regexes.
 */
import type { CompareOp, Expr } from './condition/ast.ts';
import { globRegExp, pathPrefix, type EvalContext, type FieldSlots } from './compile.ts';
import type { FieldResolver, FieldSpec, FieldValue } from './fields.ts';
import { LiteralScanner } from './literal-scan.ts';
import { minLength, requiredLiterals } from './regex-literals.ts';

/**
 * The condition holds only if some field named in `equals` has (an element with) one of its
 * values, or some field in `contains` has one containing one of its literals.
 */
export interface Guard {
  equals: ReadonlyMap<FieldSpec, ReadonlySet<string>>;
  contains: ReadonlyMap<FieldSpec, ReadonlySet<string>>;
}

/** Shorter literals occur in too many benign values to be worth the scan. */
export const MIN_GUARD_LITERAL = 3;
/** An equality to values of that length is as selective as a guard gets: a lookup, no false hits. A short value (`fd.typechar = f`) is likely common. */
const EQUALS_SCORE = 1000;

/**
 * The condition's guard, when every literal in it is long enough and ASCII; else undefined (the
 * rule always runs). Equality on a field in `indexed` (dispatch already narrows by it) is the
 * least selective choice, taken only where nothing better is required.
 */
export function literalGuard(e: Expr, resolve: FieldResolver, indexed: ReadonlySet<FieldSpec> = new Set()): Guard | undefined {
  const score = (g: Guard) => selectivity(g, indexed);
  const g = guardOf(e, resolve, score);
  return g && score(g) >= MIN_GUARD_LITERAL ? g : undefined;
}

/** Fields fewer guards than this need are not worth a lookup or scan per event. */
const MIN_GUARDS_PER_FIELD = 2;

/**
 * The guards worth checking per event: without those the indexes already imply (equality on
 * indexed fields only), and without those needing a field few other guards use — every guarded
 * field costs each event a lookup or a scan. A dropped guard's rule simply always runs.
 */
export function sharedGuards(guards: readonly (Guard | undefined)[], indexed: ReadonlySet<FieldSpec>): (Guard | undefined)[] {
  const out = guards.map((g) => (g && (g.contains.size > 0 || [...g.equals.keys()].some((s) => !indexed.has(s))) ? g : undefined));
  for (let changed = true; changed; ) {
    changed = false;
    const equals = new Map<FieldSpec, number>();
    const contains = new Map<FieldSpec, number>();
    for (const g of out) {
      if (!g) continue;
      for (const s of g.equals.keys()) equals.set(s, (equals.get(s) ?? 0) + 1);
      for (const s of g.contains.keys()) contains.set(s, (contains.get(s) ?? 0) + 1);
    }
    out.forEach((g, i) => {
      if (!g) return;
      const rare = [...g.equals.keys()].some((s) => equals.get(s)! < MIN_GUARDS_PER_FIELD) || [...g.contains.keys()].some((s) => contains.get(s)! < MIN_GUARDS_PER_FIELD);
      if (rare) {
        out[i] = undefined;
        changed = true;
      }
    });
  }
  return out;
}

function guardOf(e: Expr, resolve: FieldResolver, score: (g: Guard) => number): Guard | undefined {
  switch (e.type) {
    case 'compare': {
      if (e.operand.kind === 'field') return undefined;
      let spec: FieldSpec;
      try {
        spec = resolve(e.field);
      } catch {
        return undefined;
      }
      if (spec.type !== 'string') return undefined;
      const lits = e.operand.kind === 'list' ? e.operand.values : [e.operand.value];
      if (e.op === '=' || e.op === '==' || e.op === 'in' || e.op === 'intersects') return { equals: new Map([[spec, new Set(lits)]]), contains: new Map() };
      // Scanning every element of a list for literals costs each event more than the rules it skips.
      if (spec.multi) return undefined;
      const needed = containedLiterals(e.op, lits);
      return needed && { equals: new Map(), contains: new Map([[spec, needed]]) };
    }
    case 'and': {
      let best: Guard | undefined;
      for (const item of e.items) {
        const g = guardOf(item, resolve, score);
        if (g && (!best || score(g) > score(best))) best = g;
      }
      return best;
    }
    case 'or': {
      const out = { equals: new Map<FieldSpec, Set<string>>(), contains: new Map<FieldSpec, Set<string>>() };
      for (const item of e.items) {
        const g = guardOf(item, resolve, score);
        if (!g) return undefined;
        merge(out.equals, g.equals);
        merge(out.contains, g.contains);
      }
      return out;
    }
    default:
      // `not`, `exists`: true on values without any particular literal.
      return undefined;
  }
}

function merge(into: Map<FieldSpec, Set<string>>, from: ReadonlyMap<FieldSpec, ReadonlySet<string>>): void {
  for (const [spec, lits] of from) {
    const had = into.get(spec) ?? new Set<string>();
    for (const l of lits) had.add(l);
    into.set(spec, had);
  }
}

/** Literals one of which a value satisfying `op` must contain (the compiler's semantics, compile.ts). */
function containedLiterals(op: CompareOp, lits: readonly string[]): Set<string> | undefined {
  switch (op) {
    case 'contains':
    case 'startswith':
    case 'endswith':
      return lits.length === 1 ? new Set(lits) : undefined;
    case 'pmatch':
      return new Set(lits.map(pathPrefix));
    case 'glob':
      return lits.length === 1 ? requiredLiterals(globRegExp(lits[0]).source) : undefined;
    case 'regex':
      return lits.length === 1 ? requiredLiterals(lits[0]) : undefined;
    default:
      return undefined;
  }
}

/** A guard's selectivity, from its shortest literal; 0 when one is not ASCII (the scanner reads ASCII). */
function selectivity(g: Guard, indexed: ReadonlySet<FieldSpec>): number {
  let m = EQUALS_SCORE;
  for (const [spec, values] of g.equals) {
    const shortest = minLength(values);
    m = Math.min(m, shortest < MIN_GUARD_LITERAL ? shortest : indexed.has(spec) ? MIN_GUARD_LITERAL : EQUALS_SCORE);
  }
  for (const lits of g.contains.values()) {
    for (const l of lits) if (!/^[\x00-\x7f]*$/.test(l)) return 0;
    m = Math.min(m, minLength(lits));
  }
  return m;
}

/**
 * The per-event side: each field guarded by equality looked up once, each guarded by literals
 * scanned once for all of them. `scan` lists the literal ids found, ascending, in a buffer it
 * reuses (nothing is allocated per event); `admits` says whether a guard's were among them.
 */
export class GuardScan {
  private readonly equal: { read: (ctx: EvalContext) => FieldValue; ids: ReadonlyMap<string, readonly number[]> }[] = [];
  private readonly contain: { read: (ctx: EvalContext) => FieldValue; found: (text: string) => readonly number[] }[] = [];
  /** Literal id → the scan that last found it. */
  private readonly seen: Float64Array;
  private readonly found: number[] = [];
  private epoch = 0;

  /** `guards[i]` as literal ids (undefined: unguarded). */
  readonly ids: (readonly number[] | undefined)[];

  constructor(guards: readonly (Guard | undefined)[], slots: FieldSlots) {
    const equals = new Map<FieldSpec, Map<string, number>>();
    const contains = new Map<FieldSpec, Map<string, number>>();
    let next = 0;
    const idsOf = (tables: Map<FieldSpec, Map<string, number>>, from: Guard['equals'], ids: number[]) => {
      for (const [spec, lits] of from) {
        let table = tables.get(spec);
        if (!table) tables.set(spec, (table = new Map()));
        for (const l of lits) {
          let id = table.get(l);
          if (id === undefined) table.set(l, (id = next++));
          ids.push(id);
        }
      }
    };
    this.ids = guards.map((g) => {
      if (!g) return undefined;
      const ids: number[] = [];
      idsOf(equals, g.equals, ids);
      idsOf(contains, g.contains, ids);
      return ids;
    });
    this.seen = new Float64Array(next);
    for (const [spec, table] of equals) this.equal.push({ read: slots.reader(spec), ids: new Map([...table].map(([l, id]) => [l, [id]])) });
    for (const [spec, table] of contains) this.contain.push({ read: slots.reader(spec), found: memoScan(new LiteralScanner([...table.keys()]), [...table.values()]) });
  }

  scan(ctx: EvalContext): readonly number[] {
    this.epoch++;
    this.found.length = 0;
    for (const f of this.equal) {
      const v = f.read(ctx);
      if (v === undefined) continue;
      if (typeof v !== 'object') this.markAll(f.ids.get(String(v)));
      else for (const x of v) this.markAll(f.ids.get(String(x)));
    }
    for (const f of this.contain) {
      const v = f.read(ctx);
      if (v === undefined) continue;
      if (typeof v !== 'object') this.markAll(f.found(String(v)));
      else for (const x of v) this.markAll(f.found(String(x)));
    }
    // Insertion sort: a handful of ids.
    const found = this.found;
    for (let i = 1; i < found.length; i++) {
      const id = found[i];
      let j = i - 1;
      for (; j >= 0 && found[j] > id; j--) found[j + 1] = found[j];
      found[j + 1] = id;
    }
    return found;
  }

  /** Whether the last scan found one of these literal ids. */
  admits(ids: readonly number[]): boolean {
    for (const id of ids) if (this.seen[id] === this.epoch) return true;
    return false;
  }

  private markAll(ids: readonly number[] | undefined): void {
    if (ids !== undefined) for (let i = 0; i < ids.length; i++) this.mark(ids[i]);
  }

  private mark(id: number): void {
    if (this.seen[id] === this.epoch) return;
    this.seen[id] = this.epoch;
    this.found.push(id);
  }
}

/** Values scanned and kept; beyond it the memo starts over. */
const MAX_MEMO = 4096;
const NONE: readonly number[] = [];

/** The literal ids in a text, remembered per text: the same paths and command lines recur across a stream. */
function memoScan(scanner: LiteralScanner, ids: readonly number[]): (text: string) => readonly number[] {
  let memo = new Map<string, readonly number[]>();
  return (text) => {
    let found = memo.get(text);
    if (found !== undefined) return found;
    const out: number[] = [];
    scanner.scan(text, (local) => {
      if (!out.includes(ids[local])) out.push(ids[local]);
    });
    found = out.length ? out : NONE;
    if (memo.size >= MAX_MEMO) memo = new Map();
    memo.set(text, found);
    return found;
  };
}
