/**
 * Vigil rule files (docs/rules.md) → engine rules. Lists and macros are shared by every Vigil
 * file loaded together and expanded like Falco's; conditions run over Vigil's own ECS fields, so
 * an unknown key, field or macro is an error with `file:line` — these rules were written for
 * Vigil, and a rule that silently never matches is worse than one that refuses to load.
 */
import { LineCounter, parseDocument, isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { EVENT_KINDS, isUserError, parseEvent, type EventKind, type VigilEvent } from '@vigil/schema';
import { walk, type Expr, type FieldRef } from '../condition/ast.ts';
import { parseCondition } from '../condition/parser.ts';
import { compileExpr, ConditionCompileError } from '../compile.ts';
import { Expander } from '../falco/expand.ts';
import { compileOutput, templateFields } from '../falco/output.ts';
import { UnsupportedFieldError } from '../fields.ts';
import { ALERT_SEVERITIES, RESPONSE_ACTIONS, type AlertSeverity, type Bilingual, type ResponseHint, type Rule, type RuleTests } from '../rule.ts';
import type { LoadedRules, RuleFile } from '../rule-files.ts';
import { bindingRef } from '../stateful/bindings.ts';
import { CORRELATION_TYPES, DEFAULT_MAX_KEYS, parseDuration, type Correlation, type CorrelationStep, type CorrelationType } from '../stateful/correlation.ts';
import { DEFAULT_FORGET_MS, DEFAULT_MAX_VALUES, isTimeZone, withHour, type FirstSeenOptions } from '../stateful/first-seen.ts';
import { DEFAULT_MAX_SPEED_KMH, DEFAULT_MIN_DISTANCE_KM, DEFAULT_SOURCE, forgetMs, type ImpossibleTravelOptions } from '../stateful/impossible-travel.ts';
import { GeoDatabase, type GeoNetwork } from '../geo/database.ts';
import { parseCidr } from '../ip.ts';
import { parseFieldRef } from '../condition/parser.ts';
import { resolveVigilField } from './fields.ts';

export const RULE_ID = /^[a-z0-9]+(\.[a-z0-9][a-z0-9-]*)+$/;
const LIST_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;
const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;
/** `${step.field}` as a comparison value. */
const BINDING = /^\$\{([\w-]+)\.([\w.]+)\}$/;
/** Test events without a time get one per position, from here. */
const TEST_EPOCH = Date.UTC(2026, 0, 1);
export const TEST_HOST = 'test-host';

const COMMON_KEYS = ['rule', 'title', 'description', 'severity', 'attack', 'exceptions', 'output', 'response', 'enabled', 'tags', 'tests', 'type'];
const KEYS_BY_TYPE: Record<CorrelationType | 'single', string[]> = {
  single: [...COMMON_KEYS, 'kinds', 'condition'],
  threshold: [...COMMON_KEYS, 'kinds', 'condition', 'key', 'within', 'count', 'distinct', 'max_keys'],
  sequence: [...COMMON_KEYS, 'key', 'within', 'steps', 'max_keys'],
  absence: [...COMMON_KEYS, 'key', 'within', 'steps', 'max_keys'],
  first_seen: [...COMMON_KEYS, 'kinds', 'condition', 'key', 'fields', 'learn', 'forget', 'timezone', 'max_keys', 'max_values'],
  impossible_travel: [...COMMON_KEYS, 'kinds', 'condition', 'key', 'source', 'max_speed_kmh', 'min_distance_km', 'max_keys'],
};
const STEP_KEYS = ['id', 'kinds', 'condition', 'count'];

/** Whether parsed YAML documents are a Vigil rules file: some `rule` item has a `title`. */
export function isVigilDocs(docs: readonly unknown[]): boolean {
  return docs.some((d) => Array.isArray(d) && d.some((i) => i !== null && typeof i === 'object' && 'rule' in i && 'title' in i));
}

interface Item {
  file: string;
  node: YAMLMap;
  value: Record<string, unknown>;
  lines: LineCounter;
}

export function loadVigilRules(files: readonly RuleFile[]): LoadedRules {
  const out: LoadedRules = { rules: [], skipped: [], warnings: [], errors: [] };
  const lists = new Map<string, string[]>();
  const macros = new Map<string, string>();
  const defined = new Map<string, string>();
  const ruleItems: Item[] = [];
  for (const f of files) {
    for (const item of items(f, out.errors)) {
      const where = at(item);
      const v = item.value;
      const name = 'list' in v ? v.list : 'macro' in v ? v.macro : undefined;
      if ('rule' in v) ruleItems.push(item);
      else if (typeof name !== 'string' || name === '') out.errors.push(`${where}: an item is a list, a macro or a rule`);
      else if (defined.has(name)) out.errors.push(`${where}: ${name} is already defined at ${defined.get(name)}`);
      else if ('list' in v) {
        defined.set(name, where);
        if (!Array.isArray(v.items)) out.errors.push(`${where}: list ${name} needs items: [...]`);
        else lists.set(name, v.items.map(String));
      } else {
        defined.set(name, where);
        if (typeof v.condition !== 'string') out.errors.push(`${where}: macro ${name} needs a condition`);
        else macros.set(name, v.condition);
      }
    }
  }
  const expander = new Expander({ lists, macros });
  const ids = new Map<string, string>();
  for (const item of ruleItems) {
    const r = new RuleReader(item, expander, lists).read();
    if (r.warnings) out.warnings.push(...r.warnings);
    if ('errors' in r) {
      out.errors.push(...r.errors);
      continue;
    }
    const first = ids.get(r.rule.id);
    if (first !== undefined) {
      out.errors.push(`${at(item)}: rule id ${r.rule.id} is already used at ${first}`);
      continue;
    }
    ids.set(r.rule.id, at(item));
    out.rules.push(r.rule);
  }
  return out;
}

function items(f: RuleFile, errors: string[]): Item[] {
  const lines = new LineCounter();
  const doc = parseDocument(f.text, { lineCounter: lines });
  if (doc.errors.length) {
    errors.push(`${f.path}:${doc.errors[0].linePos?.[0]?.line ?? 0}: invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
    return [];
  }
  if (doc.contents === null) return [];
  if (!isSeq(doc.contents)) {
    errors.push(`${f.path}:1: a Vigil rules file is a YAML list of items`);
    return [];
  }
  const out: Item[] = [];
  for (const node of doc.contents.items) {
    if (isMap(node)) out.push({ file: f.path, node, value: node.toJS(doc) as Record<string, unknown>, lines });
    else errors.push(`${f.path}:${lineOf(node as Node, lines)}: an item is a mapping (list, macro or rule)`);
  }
  return out;
}

function lineOf(node: Node | null | undefined, lines: LineCounter): number {
  return node?.range ? lines.linePos(node.range[0]).line : 0;
}

const at = (item: Item, key?: string, index?: number): string => {
  let node: unknown = key === undefined ? item.node : item.node.get(key, true);
  if (index !== undefined && isSeq(node)) node = node.items[index];
  return `${item.file}:${lineOf((node as Node | undefined) ?? item.node, item.lines)}`;
};

type ReadResult = { rule: Rule; warnings?: string[] } | { errors: string[]; warnings?: string[] };

/** One rule item, validated key by key; every problem is collected with its line. */
class RuleReader {
  private readonly errors: string[] = [];
  private readonly warnings: string[] = [];
  private readonly v: Record<string, unknown>;
  private readonly id: string;

  constructor(
    private readonly item: Item,
    private readonly expander: Expander,
    private readonly lists: ReadonlyMap<string, readonly string[]>,
  ) {
    this.v = item.value;
    this.id = typeof this.v.rule === 'string' ? this.v.rule : String(this.v.rule);
  }

  private err(message: string, key?: string, index?: number): void {
    this.errors.push(`${at(this.item, key, index)}: rule ${this.id}: ${message}`);
  }

  read(): ReadResult {
    const v = this.v;
    if (!RULE_ID.test(this.id)) this.err(`the id must be dotted lower case (vigil.area.what), got ${JSON.stringify(v.rule)}`, 'rule');
    const type = v.type === undefined ? 'single' : (v.type as CorrelationType);
    if (type !== 'single' && !CORRELATION_TYPES.includes(type)) {
      this.err(`type must be one of ${CORRELATION_TYPES.join(', ')}`, 'type');
      return { errors: this.errors };
    }
    for (const k of Object.keys(v)) if (!KEYS_BY_TYPE[type].includes(k)) this.err(`unknown key ${k}${type === 'single' ? '' : ` for a ${type} rule`}`, k);
    const title = this.bilingual('title');
    const description = this.bilingual('description');
    const severity = this.severity();
    const techniques = this.techniques();
    const exceptions = this.exceptions();
    const tags = this.strings('tags');
    if (v.enabled !== undefined && typeof v.enabled !== 'boolean') this.err('enabled must be true or false', 'enabled');
    const response = this.response();

    let condition: Expr | undefined;
    let correlation: Correlation | undefined;
    if (type === 'single') condition = this.scoped(this.kinds(this.v, 'kinds', 'kinds'), this.condition('condition'), exceptions);
    else {
      correlation = this.correlation(type, exceptions);
      if (correlation) condition = { type: 'or', items: correlation.steps.map((s) => s.condition) };
    }
    const output = this.output(title);
    const tests = this.tests(type !== 'single', type === 'impossible_travel');
    if (this.errors.length || !title || !description || !severity || !condition || !output) return { errors: this.errors, warnings: this.warnings };
    return {
      warnings: this.warnings,
      rule: {
        id: this.id,
        name: title.en,
        source: 'vigil',
        file: this.item.file,
        line: lineOf(this.item.node, this.item.lines),
        title,
        description: description.en,
        severity,
        techniques,
        tactics: [],
        tags,
        enabled: v.enabled !== false,
        condition,
        resolve: resolveVigilField,
        output,
        ...(correlation ? { correlation } : {}),
        ...(response ? { response } : {}),
        ...(tests ? { tests } : {}),
      },
    };
  }

  private bilingual(key: string, value: unknown = this.v[key]): Bilingual | undefined {
    if (value === undefined) return void this.err(`${key} is required: {en: "...", zh: "..."}`, key);
    const b = value as Partial<Bilingual>;
    const missing = (['en', 'zh'] as const).filter((l) => typeof b?.[l] !== 'string' || b[l]!.trim() === '');
    if (missing.length) return void this.err(`${key} lacks ${missing.join(' and ')} text`, key);
    return { en: b.en!, zh: b.zh! };
  }

  private severity(): AlertSeverity | undefined {
    const s = this.v.severity;
    if (typeof s === 'string' && (ALERT_SEVERITIES as readonly string[]).includes(s)) return s as AlertSeverity;
    this.err(`severity must be one of ${ALERT_SEVERITIES.join(', ')}`, 'severity');
    return undefined;
  }

  private strings(key: string): string[] {
    const v = this.v[key];
    if (v === undefined) return [];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    this.err(`${key} must be a list of strings`, key);
    return [];
  }

  private techniques(): string[] {
    const ids = this.strings('attack');
    ids.forEach((t, i) => {
      if (!TECHNIQUE_ID.test(t)) this.err(`attack: ${t} is not an ATT&CK technique id (T1059, T1059.004)`, 'attack', i);
    });
    return ids;
  }

  private kinds(owner: Record<string, unknown>, label: string, lineKey: string): EventKind[] {
    const v = owner.kinds;
    if (!Array.isArray(v) || v.length === 0) {
      this.err(`${label} must list the event kinds it applies to`, lineKey);
      return [];
    }
    const bad = v.filter((k) => !(EVENT_KINDS as readonly unknown[]).includes(k));
    if (bad.length) this.err(`${label}: unknown event kind ${bad.join(', ')}`, lineKey);
    return v as EventKind[];
  }

  /** Parse and expand a condition; `bindable` lists earlier step ids it may bind to. */
  private condition(key: string, text: unknown = this.v[key], bindable: readonly string[] = [], lineKey = key): Expr | undefined {
    if (typeof text !== 'string' || text.trim() === '') return void this.err(`${key} is required`, lineKey);
    let e: Expr;
    try {
      const parsed = parseCondition(text);
      this.listLikeValues(parsed, key, lineKey);
      e = this.bindings(this.expander.expand(parsed), bindable, key, lineKey);
    } catch (err) {
      return void this.err(`${key}: ${(err as Error).message}`, lineKey);
    }
    let ok = true;
    walk(e, (n) => {
      if (n.type !== 'compare' && n.type !== 'exists') return;
      for (const f of n.type === 'compare' && n.operand.kind === 'field' && !n.operand.field.name.startsWith('$') ? [n.field, n.operand.field] : [n.field]) {
        ok = this.knownField(f, key, lineKey) && ok;
      }
    });
    if (!ok) return undefined;
    try {
      // Literal types (a port that is not a number, a bad regex) are checked now, not at run time.
      compileExpr(e, (f) => (f.name.startsWith('$') ? { type: 'string', get: () => undefined } : resolveVigilField(f)));
    } catch (err) {
      if (!(err instanceof ConditionCompileError || err instanceof UnsupportedFieldError)) throw err;
      return void this.err(`${key}: ${err.message}`, lineKey);
    }
    return e;
  }

  /** Whether `f` is a Vigil event field; an error naming `label` when not. */
  private knownField(f: FieldRef, label: string, lineKey: string): boolean {
    try {
      resolveVigilField(f);
      return true;
    } catch (err) {
      if (!(err instanceof UnsupportedFieldError)) throw err;
      this.err(`${label}: ${err.message}`, lineKey);
      return false;
    }
  }

  /** A bare `snake_case` item that names no list is almost always a misspelt or missing list. */
  private listLikeValues(e: Expr, key: string, lineKey: string): void {
    walk(e, (n) => {
      if (n.type !== 'compare' || n.operand.kind !== 'list') return;
      for (const v of n.operand.values) {
        if (LIST_NAME.test(v) && !this.lists.has(v)) this.warnings.push(`${at(this.item, lineKey)}: rule ${this.id}: ${key}: ${v} is not a defined list (a value, or a list that is missing?)`);
      }
    });
  }

  /** `${step.field}` values become binding operands; only earlier steps may be named. */
  private bindings(e: Expr, bindable: readonly string[], key: string, lineKey: string): Expr {
    switch (e.type) {
      case 'and':
      case 'or':
        return { type: e.type, items: e.items.map((i) => this.bindings(i, bindable, key, lineKey)) };
      case 'not':
        return { type: 'not', expr: this.bindings(e.expr, bindable, key, lineKey) };
      case 'compare': {
        const m = e.operand.kind === 'value' ? BINDING.exec(e.operand.value) : null;
        if (!m) return e;
        if (!bindable.includes(m[1])) throw new Error(`\${${m[1]}.${m[2]}} names no earlier step${bindable.length ? ` (${bindable.join(', ')})` : ''}`);
        resolveVigilField({ name: m[2] });
        return { ...e, operand: { kind: 'field', field: bindingRef(m[1], m[2]) } };
      }
      default:
        return e;
    }
  }

  private exceptions(): Expr[] {
    const v = this.v.exceptions;
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      this.err('exceptions must be a list of {name, condition}', 'exceptions');
      return [];
    }
    const out: Expr[] = [];
    v.forEach((ex: unknown, i) => {
      const x = ex as Record<string, unknown> | null;
      if (typeof x?.name !== 'string' || typeof x.condition !== 'string') return this.err(`exception ${i + 1} needs a name and a condition`, 'exceptions', i);
      const e = this.condition(`exception ${x.name}`, x.condition, [], 'exceptions');
      if (e) out.push(e);
    });
    return out;
  }

  /** The kinds, the condition and not any exception. */
  private scoped(kinds: EventKind[], condition: Expr | undefined, exceptions: Expr[]): Expr | undefined {
    if (!condition || kinds.length === 0) return undefined;
    const items: Expr[] = [{ type: 'compare', field: { name: 'event.kind' }, op: 'in', operand: { kind: 'list', values: kinds } }, condition];
    if (exceptions.length) items.push({ type: 'not', expr: exceptions.length === 1 ? exceptions[0] : { type: 'or', items: exceptions } });
    return { type: 'and', items };
  }

  private response(): ResponseHint | undefined {
    const v = this.v.response as Record<string, unknown> | undefined;
    if (v === undefined) return undefined;
    const text = this.bilingual('response', v);
    if (v.action !== undefined && !(RESPONSE_ACTIONS as readonly unknown[]).includes(v.action)) this.err(`response action must be one of ${RESPONSE_ACTIONS.join(', ')}`, 'response');
    return text && { ...text, ...(v.action ? { action: v.action as ResponseHint['action'] } : {}) };
  }

  private output(title: Bilingual | undefined): Rule['output'] | undefined {
    const v = this.v.output;
    if (v === undefined) return title && (() => title.en);
    if (typeof v !== 'string') return void this.err('output must be a string template', 'output');
    for (const f of templateFields(v)) this.knownField(parseFieldRef(f), 'output', 'output');
    return compileOutput(v, resolveVigilField);
  }

  private correlation(type: CorrelationType, exceptions: Expr[]): Correlation | undefined {
    const v = this.v;
    const firstSeen = type === 'first_seen' ? this.firstSeen() : undefined;
    const travel = type === 'impossible_travel' ? this.travel() : undefined;
    const windowless = type === 'first_seen' || type === 'impossible_travel';
    const withinMs = type === 'first_seen' ? firstSeen?.forgetMs : type === 'impossible_travel' ? travel && forgetMs(travel.maxSpeedKmh) : parseDuration(v.within);
    if (withinMs === undefined && !windowless) this.err('within must be a duration with a unit s, m or h (10m)', 'within');
    const key = this.strings('key')
      .filter((k) => k !== 'host.id')
      .map((k) => parseFieldRef(k));
    for (const k of key) this.knownField(k, 'key', 'key');
    const maxKeys = v.max_keys === undefined ? DEFAULT_MAX_KEYS : Number(v.max_keys);
    if (!Number.isInteger(maxKeys) || maxKeys < 1) this.err('max_keys must be a positive integer', 'max_keys');
    const steps: CorrelationStep[] = [];
    let bounds: Correlation['bounds'];
    if (type === 'threshold' || windowless) {
      if (type === 'threshold') bounds = { min: this.count(v.count, 'count', 'count') };
      let distinct;
      if (v.distinct !== undefined) {
        distinct = parseFieldRef(String(v.distinct));
        this.knownField(distinct, 'distinct', 'distinct');
      }
      const condition = this.scoped(this.kinds(this.v, 'kinds', 'kinds'), this.condition('condition'), exceptions);
      if (condition) steps.push({ id: 'events', condition, count: 1, resolve: resolveVigilField, key, ...(distinct ? { distinct } : {}) });
    } else {
      const raw = v.steps;
      const want = type === 'absence' ? 'exactly 2' : 'at least 2';
      if (!Array.isArray(raw) || (type === 'absence' ? raw.length !== 2 : raw.length < 2)) {
        this.err(`steps must be a list of ${want} steps`, 'steps');
        return undefined;
      }
      const ids: string[] = [];
      raw.forEach((s: unknown, i) => {
        const st = (s ?? {}) as Record<string, unknown>;
        const id = typeof st.id === 'string' && /^[\w-]+$/.test(st.id) ? st.id : undefined;
        if (!id) this.err(`step ${i + 1} needs an id (letters, digits, _ and -)`, 'steps', i);
        else if (ids.includes(id)) this.err(`step id ${id} is used twice`, 'steps', i);
        for (const k of Object.keys(st)) if (!STEP_KEYS.includes(k) || (type === 'absence' && k === 'count')) this.err(`step ${id ?? i + 1}: unknown key ${k}`, 'steps', i);
        const label = `step ${id ?? i + 1}`;
        const kinds = this.kinds(st, `${label} kinds`, 'steps');
        const condition = this.scoped(kinds, this.condition(`${label} condition`, st.condition, type === 'sequence' ? ids : [], 'steps'), exceptions);
        const count = st.count === undefined ? 1 : this.count(st.count, `${label} count`, 'steps');
        if (id) ids.push(id);
        if (condition && id) steps.push({ id, condition, count, resolve: resolveVigilField, key });
      });
    }
    if (withinMs === undefined || this.errors.length) return undefined;
    return { type, steps, withinMs, maxKeys, ...(bounds ? { bounds } : {}), ...(firstSeen ? { firstSeen } : {}), ...(travel ? { travel } : {}) };
  }

  /** `fields` (which may name `event.hour`), `learn`, `forget`, `timezone` and `max_values` of a first_seen rule. */
  private firstSeen(): FirstSeenOptions | undefined {
    const v = this.v;
    const learnMs = parseDuration(v.learn);
    if (learnMs === undefined) this.err('learn must be a duration with a unit s, m, h or d (7d)', 'learn');
    const forgetMs = v.forget === undefined ? DEFAULT_FORGET_MS : parseDuration(v.forget);
    if (forgetMs === undefined) this.err('forget must be a duration with a unit s, m, h or d (30d)', 'forget');
    const timeZone = v.timezone === undefined ? 'UTC' : String(v.timezone);
    if (!isTimeZone(timeZone)) this.err(`timezone ${timeZone} is not an IANA time zone (Asia/Shanghai, UTC)`, 'timezone');
    const maxValues = v.max_values === undefined ? DEFAULT_MAX_VALUES : Number(v.max_values);
    if (!Number.isInteger(maxValues) || maxValues < 1) this.err('max_values must be a positive integer', 'max_values');
    const fields = this.strings('fields').map((f) => parseFieldRef(f));
    if (fields.length === 0) this.err('fields must list the fields whose new values raise the rule', 'fields');
    const resolve = withHour(resolveVigilField, 'UTC');
    for (const f of fields) {
      try {
        resolve(f);
      } catch (err) {
        if (!(err instanceof UnsupportedFieldError)) throw err;
        this.err(`fields: ${err.message}`, 'fields');
      }
    }
    if (learnMs === undefined || forgetMs === undefined) return undefined;
    return { fields, learnMs, forgetMs, maxValues, timeZone };
  }

  /** `source`, `max_speed_kmh` and `min_distance_km` of an impossible_travel rule. */
  private travel(): ImpossibleTravelOptions | undefined {
    const v = this.v;
    const source = parseFieldRef(v.source === undefined ? DEFAULT_SOURCE : String(v.source));
    const known = this.knownField(source, 'source', 'source');
    const positive = (key: string, fallback: number): number | undefined => {
      const n = v[key] === undefined ? fallback : v[key];
      if (typeof n === 'number' && Number.isFinite(n) && n > 0) return n;
      return void this.err(`${key} must be a positive number`, key);
    };
    const maxSpeedKmh = positive('max_speed_kmh', DEFAULT_MAX_SPEED_KMH);
    const minDistanceKm = positive('min_distance_km', DEFAULT_MIN_DISTANCE_KM);
    if (!known || maxSpeedKmh === undefined || minDistanceKm === undefined) return undefined;
    return { source, maxSpeedKmh, minDistanceKm };
  }

  /** `tests.geoip` of an impossible_travel rule: `{CIDR: [latitude, longitude]}`, the inline tests' geo database. */
  private testGeo(v: unknown): GeoDatabase | undefined {
    const line = lineOf(this.item.node.get('tests', true) as Node, this.item.lines);
    const entries = v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v) : [];
    const networks: GeoNetwork[] = [];
    for (const [cidr, point] of entries) {
      const network = parseCidr(cidr);
      const [latitude, longitude] = Array.isArray(point) ? point : [];
      if (!network || !cidr.includes('/') || !(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180)) {
        return void this.err(`tests.geoip: ${cidr} needs to be a CIDR block mapped to [latitude, longitude]`, 'tests');
      }
      networks.push({ network, latitude, longitude, file: this.item.file, line });
    }
    if (networks.length === 0) return void this.err('tests.geoip maps CIDR blocks to [latitude, longitude]', 'tests');
    try {
      return GeoDatabase.of(networks);
    } catch (err) {
      if (!isUserError(err)) throw err;
      return void this.err(`tests.geoip: ${err.message}`, 'tests');
    }
  }

  private count(v: unknown, label: string, lineKey: string): number {
    if (Number.isInteger(v) && (v as number) >= 1) return v as number;
    this.err(`${label} must be a positive integer`, lineKey);
    return 1;
  }

  /** Inline tests; each event validated like a recorded one, with a default time and host. */
  private tests(stateful: boolean, located: boolean): RuleTests | undefined {
    const v = this.v.tests as Record<string, unknown> | undefined;
    if (v === undefined) return undefined;
    const keys = located ? ['match', 'no_match', 'geoip'] : ['match', 'no_match'];
    if (v === null || typeof v !== 'object' || Object.keys(v).some((k) => !keys.includes(k))) return void this.err(`tests holds ${located ? 'geoip: {...}, ' : ''}match: [...] and no_match: [...]`, 'tests');
    const geo = located && v.geoip !== undefined ? this.testGeo(v.geoip) : undefined;
    const node = this.item.node.get('tests', true) as YAMLMap | undefined;
    const streams = (key: 'match' | 'no_match'): VigilEvent[][] => {
      const list = v[key];
      if (list === undefined) return [];
      if (!Array.isArray(list)) {
        this.err(`tests.${key} must be a list`, 'tests');
        return [];
      }
      const seq = node?.get(key, true);
      return list.flatMap((t: unknown, i) => {
        const where = `${this.item.file}:${lineOf((isSeq(seq) ? seq.items[i] : seq) as Node, this.item.lines)}`;
        if (stateful !== Array.isArray(t)) {
          this.errors.push(`${where}: rule ${this.id}: tests.${key} item ${i + 1} must be ${stateful ? 'a list of events (a stream)' : 'one event'}`);
          return [];
        }
        try {
          return [(stateful ? (t as unknown[]) : [t]).map((e, n) => testEvent(e, n, `${where}`))];
        } catch (err) {
          if (!isUserError(err)) throw err;
          this.errors.push(`${err.message} (rule ${this.id} tests.${key} item ${i + 1})`);
          return [];
        }
      });
    };
    return { match: streams('match'), noMatch: streams('no_match'), ...(geo ? { geo } : {}) };
  }
}

function testEvent(partial: unknown, position: number, where: string): VigilEvent {
  const p = (partial ?? {}) as Record<string, unknown>;
  const host = (p.host ?? {}) as Record<string, unknown>;
  return parseEvent({ time: new Date(TEST_EPOCH + position * 1000).toISOString(), ...p, host: { id: TEST_HOST, ...host } }, where);
}
