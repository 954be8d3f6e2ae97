/**
 * `parseEvent` for replays: the same result, built by checks compiled once from the event schema
 * itself (packages/schema/src/event.ts) rather than by zod's general machinery, which costs a
 * replay more than detection does. An event the checks accept comes out as zod's would — a copy
 * with keys in schema order. Anything they do not accept — an invalid event, an unknown key zod
 * would strip, schema syntax they do not cover — goes to `parseEvent`, so errors are its own
 * one-line `file:line` messages.
 */
import { eventSchema, parseEvent, type VigilEvent } from '@vigil/schema';

/** Returned by a check for a value it does not accept. */
const NO = Symbol('no');
type Check = (v: unknown) => unknown;

interface ZodDef {
  type: string;
  shape?: Record<string, { def: ZodDef }>;
  innerType?: { def: ZodDef };
  element?: { def: ZodDef };
  keyType?: { def: ZodDef };
  valueType?: { def: ZodDef };
  entries?: Record<string, string>;
  checks?: { _zod: { def: CheckDef } }[];
}
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  value?: number;
  inclusive?: boolean;
}

const never: Check = () => NO;

function compile(def: ZodDef): Check {
  switch (def.type) {
    case 'optional': {
      const inner = compile(def.innerType!.def);
      return (v) => (v === undefined ? undefined : inner(v));
    }
    case 'object':
      return objectCheck(def);
    case 'array': {
      if (def.checks?.length) return never;
      const el = compile(def.element!.def);
      return (v) => {
        if (!Array.isArray(v)) return NO;
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) if ((out[i] = el(v[i])) === NO) return NO;
        return out;
      };
    }
    case 'record': {
      const key = def.keyType!.def;
      if (key.type !== 'string' || key.checks?.length) return never;
      const value = compile(def.valueType!.def);
      return (v) => {
        if (!isPlainObject(v)) return NO;
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(v)) if ((out[k] = value(v[k])) === NO) return NO;
        return out;
      };
    }
    case 'unknown':
      return (v) => v;
    case 'enum': {
      const values = new Set(Object.values(def.entries!));
      return (v) => (values.has(v as string) ? v : NO);
    }
    case 'boolean':
      return def.checks?.length ? never : (v) => (typeof v === 'boolean' ? v : NO);
    case 'string':
      return primitive('string', def.checks ?? []);
    case 'number':
      return primitive('number', def.checks ?? []);
    default:
      return never;
  }
}

function objectCheck(def: ZodDef): Check {
  const fields = Object.entries(def.shape!).map(([k, s]) => [k, compile(s.def)] as const);
  const known = new Set(fields.map(([k]) => k));
  return (v) => {
    if (!isPlainObject(v)) return NO;
    // zod drops unknown keys; leave that, and its other cases, to zod.
    for (const k in v) if (!known.has(k)) return NO;
    const out: Record<string, unknown> = {};
    for (const [k, check] of fields) {
      const x = v[k];
      const r = check(x);
      if (r === NO) return NO;
      if (x !== undefined) out[k] = r;
    }
    return out;
  };
}

function primitive(type: 'string' | 'number', checks: readonly { _zod: { def: CheckDef } }[]): Check {
  const tests: ((v: never) => boolean)[] = [];
  for (const { _zod } of checks) {
    const c = _zod.def;
    if (c.check === 'string_format' && c.format === 'regex' && c.pattern) {
      const re = c.pattern;
      tests.push((v: string) => re.test(v));
    } else if (c.check === 'min_length' && c.minimum !== undefined) {
      const min = c.minimum;
      tests.push((v: string) => v.length >= min);
    } else if (c.check === 'number_format' && c.format === 'safeint') tests.push((v: number) => Number.isSafeInteger(v));
    else if ((c.check === 'greater_than' || c.check === 'less_than') && c.value !== undefined) {
      const { value, inclusive } = c;
      const above = c.check === 'greater_than';
      tests.push((v: number) => (above ? (inclusive ? v >= value : v > value) : inclusive ? v <= value : v < value));
    } else return never;
  }
  return (v) => {
    if (typeof v !== type || (type === 'number' && !Number.isFinite(v))) return NO;
    for (const t of tests) if (!t(v as never)) return NO;
    return v;
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const checkEvent = compile((eventSchema as unknown as { def: ZodDef }).def);

/** The event as `parseEvent` would return it, when the compiled checks accept it; else undefined. */
export function checkedEvent(value: unknown): VigilEvent | undefined {
  const r = checkEvent(value);
  return r === NO ? undefined : (r as VigilEvent);
}

/** `parseEvent(value, where)`, faster for the events the compiled checks accept. */
export function parseEventFast(value: unknown, where: string): VigilEvent {
  return checkedEvent(value) ?? parseEvent(value, where);
}
