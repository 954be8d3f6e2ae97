/**
 * The engine: each rule — or each step of a stateful rule — is specialised per event kind and
 * compiled once; an event meets only the predicates indexed under its kind. A matching step
 * hands the event to its rule's state machine, so only events that match a step touch state.
 * Windows run on event time: the engine's clock is the latest event time seen (or what
 * `flush(now)` says), and passing a state's deadline expires it or raises its alert. Rules that
 * cannot compile (a field Vigil lacks) or can match no event Vigil produces are returned as
 * skipped, never thrown.
 */
import { EVENT_KINDS, type EventKind, type VigilEvent } from '@vigil/schema';
import { fieldText, walk, type Expr } from './condition/ast.ts';
import { compileExpr, ConditionCompileError, evalContext, FieldSlots, type EvalContext, type Predicate } from './compile.ts';
import { UnsupportedFieldError, type FieldResolver, type FieldSpec } from './fields.ts';
import type { Alert, Rule, SkippedRule } from './rule.ts';
import { Dispatch, type Dispatchable } from './dispatch.ts';
import { specialize } from './specialize.ts';
import { AbsenceMachine } from './stateful/absence.ts';
import { bindingResolver, hasBindings, relax } from './stateful/bindings.ts';
import type { Correlation } from './stateful/correlation.ts';
import { Deadlines } from './stateful/deadlines.ts';
import { EventClock } from './stateful/event-time.ts';
import { FirstSeenMachine } from './stateful/first-seen.ts';
import { ImpossibleTravelMachine } from './stateful/impossible-travel.ts';
import type { GeoDatabase } from './geo/database.ts';
import type { KeyState, Machine, MachineStats } from './stateful/machine.ts';
import { SequenceMachine } from './stateful/sequence.ts';
import { ThresholdMachine } from './stateful/threshold.ts';

interface Entry extends Dispatchable {
  rule: Rule;
  match: Predicate;
  /** Stateful rules: hand the matching event to the rule's state; returns the events of an alert. */
  feed?: (ctx: EvalContext, t: number) => VigilEvent[] | undefined;
}

export interface EngineBuild {
  engine: Engine;
  /** Rules that compiled, enabled or not. */
  compiled: Rule[];
  skipped: SkippedRule[];
}

export interface EngineOptions {
  /** Where impossible_travel rules locate addresses; without it they are inactive. */
  geo?: GeoDatabase;
}

export interface StatefulRuleStats extends MachineStats {
  rule: string;
}

export class Engine {
  private readonly ctx: EvalContext;
  /** Latest event time seen, ms: the clock stateful windows run on. */
  private clock = -Infinity;
  private lastTimeText = '';
  private lastTime = -Infinity;
  private readonly times = new EventClock();

  private constructor(
    private readonly byKind: ReadonlyMap<EventKind, Dispatch<Entry>>,
    slots: FieldSlots,
    private readonly deadlines: Deadlines<KeyState>,
    private readonly machines: readonly Machine<KeyState>[],
  ) {
    this.ctx = evalContext(slots);
  }

  static build(rules: readonly Rule[], options: EngineOptions = {}): EngineBuild {
    const byKind = new Map<EventKind, Entry[]>(EVENT_KINDS.map((k) => [k, []]));
    const compiled: Rule[] = [];
    const skipped: SkippedRule[] = [];
    const slots = new FieldSlots();
    const deadlines = new Deadlines<KeyState>();
    const machines: Machine<KeyState>[] = [];
    for (const rule of rules) {
      const r = rule.correlation ? compileStateful(rule, rule.correlation, slots, deadlines, options) : compileSingle(rule, slots);
      if ('reason' in r) {
        skipped.push({ name: rule.name, source: rule.source, file: rule.file, reason: r.reason });
        continue;
      }
      compiled.push(rule);
      if (!rule.enabled) continue;
      if (r.machine) machines.push(r.machine);
      for (const [kind, entry] of r.entries) byKind.get(kind)!.push(entry);
    }
    const dispatch = new Map([...byKind].map(([kind, entries]) => [kind, new Dispatch(entries, slots)]));
    return { engine: new Engine(dispatch, slots, deadlines, machines), compiled, skipped };
  }

  /** Kinds with at least one enabled rule, and how many rule (or step) entries each has. */
  get ruleCounts(): Record<EventKind, number> {
    return Object.fromEntries([...this.byKind].map(([k, v]) => [k, v.size])) as Record<EventKind, number>;
  }

  /** Keys held and keys evicted per enabled stateful rule. */
  stats(): StatefulRuleStats[] {
    return this.machines.map((m) => ({ rule: m.rule.id, ...m.stats }));
  }

  /** Alerts for one event, in rule order, after those of deadlines its time passed. Events are numbered in the order they are given. */
  process(ev: VigilEvent): Alert[] {
    const ctx = this.ctx;
    const num = ++ctx.num;
    let alerts: Alert[] | undefined = this.deadlines.size ? this.advance(this.timeOf(ev), num) : undefined;
    const dispatch = this.byKind.get(ev.event.kind);
    if (!dispatch?.size) return alerts ?? [];
    ctx.ev = ev;
    for (const c of dispatch.candidates(ctx)) {
      if (!c.match(ctx)) continue;
      if (c.feed === undefined) (alerts ??= []).push(toAlert(c.rule, [ev], num));
      else {
        const events = c.feed(ctx, this.timeOf(ev));
        if (events) (alerts ??= []).push(toAlert(c.rule, events, num));
      }
    }
    return alerts ?? [];
  }

  /**
   * Let event time reach `now` (RFC 3339 or ms) without an event — a server calls this on a timer
   * so a host that went silent still raises its absence alerts. Without `now`, the stream has
   * ended: every open window closes.
   */
  flush(now?: string | number): Alert[] {
    const t = now === undefined ? Infinity : typeof now === 'number' ? now : Date.parse(now);
    return this.advance(t, this.ctx.num) ?? [];
  }

  private timeOf(ev: VigilEvent): number {
    if (ev.time !== this.lastTimeText) {
      this.lastTimeText = ev.time;
      this.lastTime = this.times.ms(ev.time);
    }
    return this.lastTime;
  }

  private advance(t: number, num: number): Alert[] | undefined {
    if (t > this.clock) this.clock = t;
    let alerts: Alert[] | undefined;
    for (let s = this.deadlines.popDue(this.clock); s !== undefined; s = this.deadlines.popDue(this.clock)) {
      const events = s.machine.expire(s, this.clock);
      if (events) (alerts ??= []).push(toAlert(s.machine.rule, events, num));
    }
    return alerts;
  }
}

type Compiled = { entries: [EventKind, Entry][]; machine?: Machine<KeyState> } | { reason: string };

function compileSingle(rule: Rule, slots: FieldSlots): Compiled {
  const r = perKind(rule.condition, rule.resolve, slots);
  if ('reason' in r) return r;
  if (r.size === 0) return { reason: noEventReason(rule.condition) };
  return { entries: [...r].map(([kind, { match, condition }]) => [kind, { rule, match, condition, resolve: rule.resolve }]) };
}

/** One indexed entry per (step, kind); each feeds the rule's machine with the event's key. */
function compileStateful(rule: Rule, corr: Correlation, slots: FieldSlots, deadlines: Deadlines<KeyState>, options: EngineOptions): Compiled {
  try {
    const machine = newMachine(rule, corr, deadlines, options);
    const entries: [EventKind, Entry][] = [];
    const bound = { events: [] as readonly (VigilEvent | undefined)[] };
    // Later steps first: an event matching two steps advances the sequence rather than restarting it.
    for (let step = corr.steps.length - 1; step >= 0; step--) {
      const s = corr.steps[step];
      const filter = perKind(relax(s.condition), s.resolve, slots);
      if ('reason' in filter) return { reason: `step ${s.id}: ${filter.reason}` };
      if (filter.size === 0) return { reason: `step ${s.id}: ${noEventReason(s.condition)}` };
      const keyOf = keyReader(s.key.map((f) => slots.reader(s.resolve(f))));
      const exact = hasBindings(s.condition) ? compileExpr(s.condition, bindingResolver(corr.steps, step, bound), slots) : undefined;
      const feed = (ctx: EvalContext, t: number) => {
        const key = keyOf(ctx);
        if (key === undefined) return undefined;
        const accept = exact && ((boundTo: readonly (VigilEvent | undefined)[]) => ((bound.events = boundTo), exact(ctx)));
        return machine.consume({ step, key, ev: ctx.ev, num: ctx.num, t, accept });
      };
      for (const [kind, { match, condition }] of filter) entries.push([kind, { rule, match, feed, condition, resolve: s.resolve }]);
    }
    return { entries, machine };
  } catch (err) {
    if (err instanceof UnsupportedFieldError || err instanceof ConditionCompileError) return { reason: err.message };
    throw err;
  }
}

function newMachine(rule: Rule, corr: Correlation, deadlines: Deadlines<KeyState>, options: EngineOptions): Machine<KeyState> {
  switch (corr.type) {
    case 'threshold': {
      const distinct = corr.steps.map((s) => (s.distinct ? distinctGetter(s.resolve(s.distinct)) : undefined));
      return new ThresholdMachine(rule, corr, deadlines, distinct) as unknown as Machine<KeyState>;
    }
    case 'sequence':
      return new SequenceMachine(rule, corr, deadlines) as unknown as Machine<KeyState>;
    case 'absence':
      return new AbsenceMachine(rule, corr, deadlines) as unknown as Machine<KeyState>;
    case 'first_seen':
      return new FirstSeenMachine(rule, corr, deadlines) as unknown as Machine<KeyState>;
    case 'impossible_travel':
      return new ImpossibleTravelMachine(rule, corr, deadlines, options.geo) as unknown as Machine<KeyState>;
  }
}

const distinctGetter = (spec: FieldSpec) => spec.get;

/** State key: host id first (state partitions by host), then the rule's key fields; undefined when one is absent. */
function keyReader(parts: readonly ((ctx: EvalContext) => unknown)[]): (ctx: EvalContext) => string | undefined {
  return (ctx) => {
    let key = ctx.ev.host.id;
    for (const read of parts) {
      const v = read(ctx);
      if (v === undefined) return undefined;
      key += `\u0000${Array.isArray(v) ? v.join(',') : String(v)}`;
    }
    return key;
  };
}

/** The condition specialised and compiled for each kind it can match. */
function perKind(condition: Expr, resolve: FieldResolver, slots: FieldSlots): Map<EventKind, { match: Predicate; condition: Expr }> | { reason: string } {
  const out = new Map<EventKind, { match: Predicate; condition: Expr }>();
  try {
    for (const kind of EVENT_KINDS) {
      const e = specialize(condition, kind, resolve);
      if (e.type === 'const' && !e.value) continue;
      out.set(kind, { match: compileExpr(e, resolve, slots), condition: e });
    }
  } catch (err) {
    if (err instanceof UnsupportedFieldError || err instanceof ConditionCompileError) return { reason: err.message };
    throw err;
  }
  return out;
}

function noEventReason(condition: Expr): string {
  return `matches no event Vigil observes (evt.type ${eventTypes(condition).join(', ') || 'unconstrained'})`;
}

/** The `evt.type` values a condition names, for the "matches nothing" message. */
function eventTypes(condition: Expr): string[] {
  const out = new Set<string>();
  walk(condition, (e) => {
    if (e.type !== 'compare' || fieldText(e.field) !== 'evt.type' || e.operand.kind === 'field') return;
    for (const v of e.operand.kind === 'list' ? e.operand.values : [e.operand.value]) out.add(v);
  });
  return [...out];
}

function toAlert(rule: Rule, events: VigilEvent[], num: number): Alert {
  const ev = events[events.length - 1];
  return {
    time: ev.time,
    rule: { id: rule.id, name: rule.name, source: rule.source },
    severity: rule.severity,
    level: rule.level,
    techniques: rule.techniques,
    tactics: rule.tactics,
    tags: rule.tags,
    output: rule.output(ev, num),
    ...(rule.response ? { response: rule.response } : {}),
    host: ev.host,
    container: ev.container ? { id: ev.container.id, name: ev.container.name } : undefined,
    event: ev,
    events,
  };
}
