/**
 * The single-event engine: each rule is specialised per event kind and compiled once; an event
 * meets only the rules indexed under its kind. Rules that cannot compile (a field Vigil lacks) or
 * can match no event Vigil produces are returned as skipped, never thrown.
 */
import { EVENT_KINDS, type EventKind, type VigilEvent } from '@vigil/schema';
import { fieldText, walk } from './condition/ast.ts';
import { compileExpr, ConditionCompileError, evalContext, FieldSlots, type EvalContext, type Predicate } from './compile.ts';
import { UnsupportedFieldError } from './fields.ts';
import type { Alert, Rule, SkippedRule } from './rule.ts';
import { specialize } from './specialize.ts';

interface Compiled {
  rule: Rule;
  match: Predicate;
}

export interface EngineBuild {
  engine: Engine;
  /** Rules that compiled, enabled or not. */
  compiled: Rule[];
  skipped: SkippedRule[];
}

export class Engine {
  private readonly ctx: EvalContext;

  private constructor(
    private readonly byKind: ReadonlyMap<EventKind, readonly Compiled[]>,
    slots: FieldSlots,
  ) {
    this.ctx = evalContext(slots);
  }

  static build(rules: readonly Rule[]): EngineBuild {
    const byKind = new Map<EventKind, Compiled[]>(EVENT_KINDS.map((k) => [k, []]));
    const compiled: Rule[] = [];
    const skipped: SkippedRule[] = [];
    const slots = new FieldSlots();
    for (const rule of rules) {
      const r = compileRule(rule, slots);
      if ('reason' in r) {
        skipped.push({ name: rule.name, source: rule.source, file: rule.file, reason: r.reason });
        continue;
      }
      compiled.push(rule);
      if (!rule.enabled) continue;
      for (const [kind, match] of r.perKind) byKind.get(kind)!.push({ rule, match });
    }
    return { engine: new Engine(byKind, slots), compiled, skipped };
  }

  /** Kinds with at least one enabled rule, and how many rules each has. */
  get ruleCounts(): Record<EventKind, number> {
    return Object.fromEntries([...this.byKind].map(([k, v]) => [k, v.length])) as Record<EventKind, number>;
  }

  /** Alerts for one event, in rule order. Events are numbered in the order they are given. */
  process(ev: VigilEvent): Alert[] {
    const ctx = this.ctx;
    const num = ++ctx.num;
    const candidates = this.byKind.get(ev.event.kind);
    if (!candidates?.length) return [];
    ctx.ev = ev;
    let alerts: Alert[] | undefined;
    for (const c of candidates) {
      if (!c.match(ctx)) continue;
      (alerts ??= []).push(toAlert(c.rule, ev, num));
    }
    return alerts ?? [];
  }
}

function compileRule(rule: Rule, slots: FieldSlots): { perKind: Map<EventKind, Predicate> } | { reason: string } {
  const perKind = new Map<EventKind, Predicate>();
  try {
    for (const kind of EVENT_KINDS) {
      const e = specialize(rule.condition, kind, rule.resolve);
      if (e.type === 'const' && !e.value) continue;
      perKind.set(kind, compileExpr(e, rule.resolve, slots));
    }
  } catch (err) {
    if (err instanceof UnsupportedFieldError || err instanceof ConditionCompileError) return { reason: err.message };
    throw err;
  }
  if (perKind.size === 0) return { reason: `matches no event Vigil observes (evt.type ${eventTypes(rule).join(', ') || 'unconstrained'})` };
  return { perKind };
}

/** The `evt.type` values a condition names, for the "matches nothing" message. */
function eventTypes(rule: Rule): string[] {
  const out = new Set<string>();
  walk(rule.condition, (e) => {
    if (e.type !== 'compare' || fieldText(e.field) !== 'evt.type' || e.operand.kind === 'field') return;
    for (const v of e.operand.kind === 'list' ? e.operand.values : [e.operand.value]) out.add(v);
  });
  return [...out];
}

function toAlert(rule: Rule, ev: VigilEvent, num: number): Alert {
  return {
    time: ev.time,
    rule: { id: rule.id, name: rule.name, source: rule.source },
    severity: rule.severity,
    level: rule.level,
    techniques: rule.techniques,
    tactics: rule.tactics,
    tags: rule.tags,
    output: rule.output(ev, num),
    host: ev.host,
    container: ev.container ? { id: ev.container.id, name: ev.container.name } : undefined,
    event: ev,
  };
}
