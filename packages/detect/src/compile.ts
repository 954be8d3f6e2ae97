/**
 * AST → closures. Each comparison is typed once by its field, literals are converted once, lists
 * become Sets and path-prefix lists a Set walked by directory, so evaluating an event does no
 * parsing and no allocation beyond what field accessors need.
 */
import type { VigilEvent } from '@vigil/schema';
import { fieldText, type CompareOp, type Expr, type FieldRef, type Operand } from './condition/ast.ts';
import type { FieldResolver, FieldSpec, FieldValue, Scalar } from './fields.ts';
import { cidrContains, parseCidr, parseIp, type Cidr } from './ip.ts';

/**
 * One event under evaluation. Field values are extracted once per event into `vals`; `seen[slot]`
 * holds the `num` of the event a slot was filled for, so one context is reused for a whole stream
 * without clearing or allocating per event.
 */
export interface EvalContext {
  ev: VigilEvent;
  num: number;
  vals: FieldValue[];
  seen: Float64Array;
}

export function evalContext(slots: FieldSlots): EvalContext {
  return { ev: undefined as unknown as VigilEvent, num: 0, vals: new Array<FieldValue>(slots.size).fill(undefined), seen: new Float64Array(slots.size) };
}

export type Predicate = (ctx: EvalContext) => boolean;

export class ConditionCompileError extends Error {}

/**
 * Slots for extracted values, shared by every rule compiled into one engine, so a field that
 * ten rules test is extracted once per event.
 */
export class FieldSlots {
  private readonly slots = new Map<FieldSpec, number>();
  get size(): number {
    return this.slots.size;
  }
  reader(spec: FieldSpec): (ctx: EvalContext) => FieldValue {
    let slot = this.slots.get(spec);
    if (slot === undefined) this.slots.set(spec, (slot = this.slots.size));
    const s = slot;
    const get = spec.get;
    return (ctx) => {
      if (ctx.seen[s] === ctx.num) return ctx.vals[s];
      const got = get(ctx.ev, ctx.num);
      ctx.vals[s] = got;
      ctx.seen[s] = ctx.num;
      return got;
    };
  }
}

const TRUE: Predicate = () => true;
const FALSE: Predicate = () => false;

export function compileExpr(e: Expr, resolve: FieldResolver, slots: FieldSlots = new FieldSlots()): Predicate {
  switch (e.type) {
    case 'const':
      return e.value ? TRUE : FALSE;
    case 'ref':
      throw new ConditionCompileError(`undefined macro or list '${e.name}'`);
    case 'not': {
      const p = compileExpr(e.expr, resolve, slots);
      return (c) => !p(c);
    }
    case 'and':
    case 'or': {
      const ps = byCost(e.items, resolve, e.type === 'and').map((i) => compileExpr(i, resolve, slots));
      return e.type === 'and' ? all(ps) : any(ps);
    }
    case 'exists': {
      const read = slots.reader(resolve(e.field));
      return (c) => read(c) !== undefined;
    }
    case 'compare':
      return compileCompare(resolve(e.field), e.op, e.operand, fieldText(e.field), resolve, slots);
  }
}

/**
 * Cheapest operands first: conditions are pure, so `and`/`or` may test in any order, and a
 * literal-set lookup that fails saves a regex, a glob or an address parse. In an `and`, negations
 * go last whatever their cost: they are exceptions (`and not …`), true for nearly every event, so
 * testing them first only delays the test that fails.
 */
function byCost(items: readonly Expr[], resolve: FieldResolver, conjunction: boolean): Expr[] {
  const rank = (e: Expr) => (conjunction && e.type === 'not' ? 1 : 0);
  return items
    .map((e, i) => ({ e, i, r: rank(e), c: cost(e, resolve) }))
    .sort((a, b) => a.r - b.r || a.c - b.c || a.i - b.i)
    .map((x) => x.e);
}

const OP_COST: Partial<Record<CompareOp, number>> = { regex: 8, glob: 6, iglob: 6, icontains: 3, pmatch: 3, contains: 2, bcontains: 2 };

function cost(e: Expr, resolve: FieldResolver): number {
  switch (e.type) {
    case 'and':
    case 'or':
      return e.items.reduce((s, i) => s + cost(i, resolve), 0);
    case 'not':
      return cost(e.expr, resolve);
    case 'compare':
      return (OP_COST[e.op] ?? 1) * fieldCost(e.field, resolve);
    default:
      return 1;
  }
}

/** Addresses are parsed to compare; a list field runs the test per element. */
function fieldCost(f: FieldRef, resolve: FieldResolver): number {
  let spec: FieldSpec;
  try {
    spec = resolve(f);
  } catch {
    return 1;
  }
  return spec.type === 'ip' ? 4 : spec.multi ? 3 : 1;
}

function all(ps: Predicate[]): Predicate {
  if (ps.length === 2) {
    const [a, b] = ps;
    return (c) => a(c) && b(c);
  }
  return (c) => {
    for (const p of ps) if (!p(c)) return false;
    return true;
  };
}

function any(ps: Predicate[]): Predicate {
  if (ps.length === 2) {
    const [a, b] = ps;
    return (c) => a(c) || b(c);
  }
  return (c) => {
    for (const p of ps) if (p(c)) return true;
    return false;
  };
}

type Test = (v: Scalar) => boolean;

function compileCompare(spec: FieldSpec, op: CompareOp, operand: Operand, name: string, resolve: FieldResolver, slots: FieldSlots): Predicate {
  if (operand.kind === 'field') return compileFieldCompare(slots.reader(spec), op, slots.reader(resolve(operand.field)), name);
  const lits = operand.kind === 'list' ? operand.values : [operand.value];
  const test = typedTest(spec, op, lits, name);
  const get = slots.reader(spec);
  if (spec.multi) {
    // Multi-valued: `!=` means no value equals; every other operator means some value matches.
    const eq = op === '!=' ? typedTest(spec, '=', lits, name) : test;
    const hit = (vs: readonly Scalar[]) => vs.some(eq);
    return op === '!='
      ? (c) => {
          const v = get(c) as readonly Scalar[] | undefined;
          return v !== undefined && !hit(v);
        }
      : (c) => {
          const v = get(c) as readonly Scalar[] | undefined;
          return v !== undefined && hit(v);
        };
  }
  // The commonest comparisons fused with the read, one call fewer each: no literal is undefined.
  if (spec.type === 'string' && (op === 'in' || op === 'intersects')) {
    const set = new Set<unknown>(lits);
    return (c) => set.has(get(c));
  }
  if (spec.type === 'string' && (op === '=' || op === '==')) {
    const lit = lits[0];
    return (c) => get(c) === lit;
  }
  return (c) => {
    const v = get(c) as Scalar | undefined;
    return v !== undefined && test(v);
  };
}

function typedTest(spec: FieldSpec, op: CompareOp, lits: readonly string[], name: string): Test {
  switch (spec.type) {
    case 'number':
      return numberTest(op, lits, name);
    case 'bool':
      return boolTest(op, lits, name);
    case 'ip':
      return ipTest(op, lits, name);
    case 'string':
      return stringTest(op, lits, name);
  }
}

function single(op: CompareOp, lits: readonly string[], name: string): string {
  if (lits.length !== 1) throw new ConditionCompileError(`${name} ${op} takes one value`);
  return lits[0];
}

function stringTest(op: CompareOp, lits: readonly string[], name: string): Test {
  if (op === 'in' || op === 'intersects') {
    const set = new Set(lits);
    return (v) => set.has(v as string);
  }
  if (op === 'pmatch') return pathPrefixTest(lits);
  const lit = single(op, lits, name);
  switch (op) {
    case '=':
    case '==':
      return (v) => v === lit;
    case '!=':
      return (v) => v !== lit;
    case 'contains':
      return (v) => (v as string).includes(lit);
    case 'icontains': {
      const low = lit.toLowerCase();
      return (v) => (v as string).toLowerCase().includes(low);
    }
    case 'bcontains': {
      const bytes = hexBytes(lit, name);
      return (v) => (v as string).includes(bytes);
    }
    case 'startswith':
      return (v) => (v as string).startsWith(lit);
    case 'bstartswith': {
      const bytes = hexBytes(lit, name);
      return (v) => (v as string).startsWith(bytes);
    }
    case 'endswith':
      return (v) => (v as string).endsWith(lit);
    case 'glob':
    case 'iglob': {
      const re = globRegExp(lit, op === 'iglob');
      return (v) => re.test(v as string);
    }
    case 'regex': {
      let re: RegExp;
      try {
        re = new RegExp(lit);
      } catch {
        throw new ConditionCompileError(`${name} regex: invalid pattern ${JSON.stringify(lit)}`);
      }
      return (v) => re.test(v as string);
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      return numberTest(op, lits, name);
  }
}

/** Falco `bcontains`/`bstartswith` take hex bytes; event strings are compared as latin1. */
function hexBytes(hex: string, name: string): string {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) throw new ConditionCompileError(`${name}: '${hex}' is not hex bytes`);
  return Buffer.from(hex, 'hex').toString('latin1');
}

/** Shell-style glob: `*` any run (including `/`), `?` one character, `[...]` a class. */
export function globRegExp(glob: string, caseless = false): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, caseless ? 'i' : '');
}

/** A `pmatch` path as compared: without trailing slashes (`/` itself stays). */
export const pathPrefix = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);

/** `pmatch (/etc, /usr/bin)`: the value is one of the paths or lies below one. */
function pathPrefixTest(prefixes: readonly string[]): Test {
  const set = new Set(prefixes.map(pathPrefix));
  return (v) => {
    const s = v as string;
    if (set.has(s) || (set.has('/') && s.startsWith('/'))) return true;
    for (const dir of directories(s)) if (set.has(dir)) return true;
    return false;
  };
}

let lastPath = '';
let lastDirs: readonly string[] = [];

/**
 * `/a/b/c` → `/a`, `/a/b`. Every `pmatch` rule on a field walks the same value in turn, so the
 * last answer is kept rather than sliced again per rule.
 */
function directories(s: string): readonly string[] {
  if (s === lastPath) return lastDirs;
  const dirs: string[] = [];
  for (let i = s.indexOf('/', 1); i > 0; i = s.indexOf('/', i + 1)) dirs.push(s.slice(0, i));
  lastPath = s;
  lastDirs = dirs;
  return dirs;
}

function toNumber(lit: string, name: string): number {
  const n = Number(lit);
  if (lit.trim() === '' || Number.isNaN(n)) throw new ConditionCompileError(`${name}: '${lit}' is not a number`);
  return n;
}

function numberTest(op: CompareOp, lits: readonly string[], name: string): Test {
  if (op === 'in' || op === 'intersects') {
    const set = new Set(lits.map((l) => toNumber(l, name)));
    return (v) => set.has(Number(v));
  }
  const n = toNumber(single(op, lits, name), name);
  switch (op) {
    case '=':
    case '==':
      return (v) => Number(v) === n;
    case '!=':
      return (v) => Number(v) !== n;
    case '<':
      return (v) => Number(v) < n;
    case '<=':
      return (v) => Number(v) <= n;
    case '>':
      return (v) => Number(v) > n;
    case '>=':
      return (v) => Number(v) >= n;
    default:
      throw new ConditionCompileError(`${name}: operator ${op} does not apply to numbers`);
  }
}

function boolTest(op: CompareOp, lits: readonly string[], name: string): Test {
  const lit = single(op, lits, name);
  if (lit !== 'true' && lit !== 'false') throw new ConditionCompileError(`${name}: '${lit}' is not true or false`);
  const b = lit === 'true';
  if (op === '=' || op === '==') return (v) => v === b;
  if (op === '!=') return (v) => v !== b;
  throw new ConditionCompileError(`${name}: operator ${op} does not apply to booleans`);
}

function ipTest(op: CompareOp, lits: readonly string[], name: string): Test {
  const cidrs: Cidr[] = lits.map((l) => {
    const c = parseCidr(l);
    if (!c) throw new ConditionCompileError(`${name}: '${l}' is not an address or network`);
    return c;
  });
  const hit = (v: string) => {
    const a = parseIp(v);
    return a !== undefined && cidrs.some((c) => cidrContains(c, a));
  };
  if (op === '=' || op === '==' || op === 'in' || op === 'intersects') return (v) => hit(v as string);
  if (op === '!=') return (v) => !hit(v as string);
  throw new ConditionCompileError(`${name}: operator ${op} does not apply to addresses`);
}

/** `a = val(b)`: both sides read from the event. */
function compileFieldCompare(left: (c: EvalContext) => FieldValue, op: CompareOp, right: (c: EvalContext) => FieldValue, name: string): Predicate {
  const cmp = (a: FieldValue, b: FieldValue): boolean => {
    if (a === undefined || b === undefined || typeof a === 'object' || typeof b === 'object') return false;
    switch (op) {
      case '=':
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
      case 'contains':
        return String(a).includes(String(b));
      case 'startswith':
        return String(a).startsWith(String(b));
      case 'endswith':
        return String(a).endsWith(String(b));
      default:
        return false;
    }
  };
  const known = ['=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'startswith', 'endswith'];
  if (!known.includes(op)) throw new ConditionCompileError(`${name}: operator ${op} does not take val()`);
  return (c) => cmp(left(c), right(c));
}
