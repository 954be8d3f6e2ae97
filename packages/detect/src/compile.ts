/**
 * AST → closures. Each comparison is typed once by its field, literals are converted once, lists
 * become Sets and path-prefix lists a Set walked by directory, so evaluating an event does no
 * parsing and no allocation beyond what field accessors need.
 */
import type { VigilEvent } from '@vigil/schema';
import { fieldText, type CompareOp, type Expr, type Operand } from './condition/ast.ts';
import type { FieldResolver, FieldSpec, FieldValue, Scalar } from './fields.ts';
import { cidrContains, parseCidr, type Cidr } from './ip.ts';

export type Predicate = (ev: VigilEvent, num: number) => boolean;

export class ConditionCompileError extends Error {}

const TRUE: Predicate = () => true;
const FALSE: Predicate = () => false;

export function compileExpr(e: Expr, resolve: FieldResolver): Predicate {
  switch (e.type) {
    case 'const':
      return e.value ? TRUE : FALSE;
    case 'ref':
      throw new ConditionCompileError(`undefined macro or list '${e.name}'`);
    case 'not': {
      const p = compileExpr(e.expr, resolve);
      return (ev, n) => !p(ev, n);
    }
    case 'and':
    case 'or': {
      const ps = e.items.map((i) => compileExpr(i, resolve));
      return e.type === 'and' ? all(ps) : any(ps);
    }
    case 'exists': {
      const spec = resolve(e.field);
      return (ev, n) => spec.get(ev, n) !== undefined;
    }
    case 'compare':
      return compileCompare(resolve(e.field), e.op, e.operand, fieldText(e.field), resolve);
  }
}

function all(ps: Predicate[]): Predicate {
  if (ps.length === 2) {
    const [a, b] = ps;
    return (ev, n) => a(ev, n) && b(ev, n);
  }
  return (ev, n) => {
    for (const p of ps) if (!p(ev, n)) return false;
    return true;
  };
}

function any(ps: Predicate[]): Predicate {
  if (ps.length === 2) {
    const [a, b] = ps;
    return (ev, n) => a(ev, n) || b(ev, n);
  }
  return (ev, n) => {
    for (const p of ps) if (p(ev, n)) return true;
    return false;
  };
}

type Test = (v: Scalar) => boolean;

function compileCompare(spec: FieldSpec, op: CompareOp, operand: Operand, name: string, resolve: FieldResolver): Predicate {
  if (operand.kind === 'field') return compileFieldCompare(spec, op, resolve(operand.field), name);
  const lits = operand.kind === 'list' ? operand.values : [operand.value];
  const test = typedTest(spec, op, lits, name);
  const get = spec.get;
  if (spec.multi) {
    // Multi-valued: `!=` means no value equals; every other operator means some value matches.
    const eq = op === '!=' ? typedTest(spec, '=', lits, name) : test;
    const hit = (vs: readonly Scalar[]) => vs.some(eq);
    return op === '!='
      ? (ev, n) => {
          const v = get(ev, n) as readonly Scalar[] | undefined;
          return v !== undefined && !hit(v);
        }
      : (ev, n) => {
          const v = get(ev, n) as readonly Scalar[] | undefined;
          return v !== undefined && hit(v);
        };
  }
  return (ev, n) => {
    const v = get(ev, n) as Scalar | undefined;
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

/** `pmatch (/etc, /usr/bin)`: the value is one of the paths or lies below one. */
function pathPrefixTest(prefixes: readonly string[]): Test {
  const set = new Set(prefixes.map((p) => (p.length > 1 ? p.replace(/\/+$/, '') : p)));
  return (v) => {
    const s = v as string;
    if (set.has(s) || (set.has('/') && s.startsWith('/'))) return true;
    for (let i = s.indexOf('/', 1); i > 0; i = s.indexOf('/', i + 1)) if (set.has(s.slice(0, i))) return true;
    return false;
  };
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
  const hit = (v: string) => cidrs.some((c) => cidrContains(c, v));
  if (op === '=' || op === '==' || op === 'in' || op === 'intersects') return (v) => hit(v as string);
  if (op === '!=') return (v) => !hit(v as string);
  throw new ConditionCompileError(`${name}: operator ${op} does not apply to addresses`);
}

/** `a = val(b)`: both sides read from the event. */
function compileFieldCompare(left: FieldSpec, op: CompareOp, right: FieldSpec, name: string): Predicate {
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
  return (ev, n) => cmp(left.get(ev, n), right.get(ev, n));
}
