/**
 * Vigil rule fields: every dotted ECS path of the event schema, read straight off `VigilEvent`.
 * The table is derived from the zod schema itself, so a field added to the schema is usable in
 * rules at once and a misspelt one is refused. Paths through arrays (`process.ancestors.name`,
 * `container.mounts.source`) are multi-valued: they match when any element does.
 */
import { posix } from 'node:path';
import { eventSchema, type EventKind, type VigilEvent } from '@vigil/schema';
import type { FieldRef } from '../condition/ast.ts';
import { UnsupportedFieldError, type FieldResolver, type FieldSpec, type FieldValue, type Scalar, type ValueType } from '../fields.ts';

/** Addresses compare by address and network (`in (10.0.0.0/8)`). */
const IP_FIELDS = new Set(['source.ip', 'destination.ip']);
/** The raw Kubernetes audit record: any path below it reads as a string. */
const K8S_AUDIT = 'k8s_audit';
/** Sensor-specific extras the schema says rules never match by name. */
const NOT_FOR_RULES = new Set(['labels']);

interface ZodLike {
  def: { type: string; innerType?: ZodLike; shape?: Record<string, ZodLike>; element?: ZodLike };
}

function buildTable(): Map<string, FieldSpec> {
  const table = new Map<string, FieldSpec>();
  const visit = (s: ZodLike, path: string[], multi: boolean) => {
    const d = s.def;
    if (d.type === 'optional' || d.type === 'nullable') return visit(d.innerType!, path, multi);
    if (d.type === 'array') return visit(d.element!, [...path, '[]'], true);
    if (d.type === 'object') {
      for (const [k, v] of Object.entries(d.shape!)) if (!NOT_FOR_RULES.has(k)) visit(v, [...path, k], multi);
      return;
    }
    if (d.type === 'record') return;
    const name = path.filter((p) => p !== '[]').join('.');
    const type: ValueType = IP_FIELDS.has(name) ? 'ip' : d.type === 'number' ? 'number' : d.type === 'boolean' ? 'bool' : 'string';
    table.set(name, { type, multi, get: multi ? listGetter(path) : scalarGetter(path) });
  };
  visit(eventSchema as unknown as ZodLike, [], false);
  const kind = table.get('event.kind')!;
  table.set('event.kind', { ...kind, possible: (k: EventKind) => new Set([k]) });
  const path = table.get('file.path')!.get;
  table.set('file.name', { type: 'string', get: (ev, n) => basename(path(ev, n)) });
  table.set('file.directory', { type: 'string', get: (ev, n) => dirname(path(ev, n)) });
  return table;
}

const basename = (p: FieldValue) => (typeof p === 'string' ? posix.basename(p) : undefined);
const dirname = (p: FieldValue) => (typeof p === 'string' ? posix.dirname(p) : undefined);

type Obj = Record<string, unknown> | undefined;

/** Plain property walks, unrolled for the common depths: these run for every event a rule sees. */
function scalarGetter(path: readonly string[]): FieldSpec['get'] {
  const [a, b, c, d] = path;
  const v = (x: unknown) => x as Scalar | undefined;
  switch (path.length) {
    case 1:
      return (ev) => v((ev as unknown as Obj)?.[a]);
    case 2:
      return (ev) => v(((ev as unknown as Obj)?.[a] as Obj)?.[b]);
    case 3:
      return (ev) => v((((ev as unknown as Obj)?.[a] as Obj)?.[b] as Obj)?.[c]);
    case 4:
      return (ev) => v(((((ev as unknown as Obj)?.[a] as Obj)?.[b] as Obj)?.[c] as Obj)?.[d]);
    default:
      return (ev) => v(path.reduce<unknown>((o, k) => (o as Obj)?.[k], ev));
  }
}

/**
 * Values along a path through arrays (`[]` marks one), flattened; undefined when there are none.
 * The common shapes — an array of scalars (`process.args`), one array of objects
 * (`process.ancestors.name`) — are read without copying or per-event closures.
 */
function listGetter(path: readonly string[]): FieldSpec['get'] {
  const first = path.indexOf('[]');
  const toArray = scalarGetter(path.slice(0, first));
  const rest = path.slice(first + 1);
  if (rest.length === 0) {
    return (ev, n) => {
      const a = toArray(ev, n) as unknown as readonly Scalar[] | undefined;
      return a?.length ? a : undefined;
    };
  }
  if (!rest.includes('[]')) {
    const [a, b] = rest;
    return (ev, n) => {
      const arr = toArray(ev, n) as unknown as readonly Obj[] | undefined;
      if (!arr?.length) return undefined;
      const out: Scalar[] = [];
      for (const o of arr) {
        const v = rest.length === 1 ? o?.[a] : rest.length === 2 ? (o?.[a] as Obj)?.[b] : rest.reduce<unknown>((x, k) => (x as Obj)?.[k], o);
        if (v !== undefined && v !== null) out.push(v as Scalar);
      }
      return out.length ? out : undefined;
    };
  }
  const inner = listGetter(rest);
  return (ev, n) => {
    const arr = toArray(ev, n) as unknown as readonly unknown[] | undefined;
    if (!arr?.length) return undefined;
    const out = arr.flatMap((o) => (inner(o as VigilEvent, n) as Scalar[] | undefined) ?? []);
    return out.length ? out : undefined;
  };
}

function k8sAuditField(rest: string): FieldSpec {
  const keys = rest.split('.');
  return {
    type: 'string',
    get: (ev: VigilEvent) => {
      const v = keys.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), ev.k8s_audit);
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
    },
  };
}

const TABLE = buildTable();
const k8sAuditFields = new Map<string, FieldSpec>();

/** Every field name a Vigil rule may use (without the open-ended `k8s_audit.*`). */
export const VIGIL_FIELD_NAMES: readonly string[] = [...TABLE.keys()].sort();

export const resolveVigilField: FieldResolver = (f: FieldRef) => {
  const spec = f.arg === undefined ? TABLE.get(f.name) : undefined;
  if (spec) return spec;
  if (f.arg === undefined && f.name.startsWith(`${K8S_AUDIT}.`)) {
    let s = k8sAuditFields.get(f.name);
    if (!s) k8sAuditFields.set(f.name, (s = k8sAuditField(f.name.slice(K8S_AUDIT.length + 1))));
    return s;
  }
  throw new UnsupportedFieldError(f.arg === undefined ? f.name : `${f.name}[${f.arg}]`, 'not a Vigil event field (see packages/schema/src/event.ts)');
};
