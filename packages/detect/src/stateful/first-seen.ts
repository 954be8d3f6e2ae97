/**
 * First-seen rules (Vigil `first_seen`, the "new value" rule of Elastic's new_terms, Wazuh and
 * Elkeid): per key, the combinations of `fields` seen so far, each with the event time it was
 * last seen. For `learn` after a key's first event new combinations are only remembered; after
 * it, a combination not remembered raises the rule (once: it is remembered from then on).
 * Combinations not seen for `forget` are forgotten — a key left with none is dropped and learns
 * afresh — and a key keeps at most `maxValues`, the least recently seen evicted and counted.
 */
import type { VigilEvent } from '@vigil/schema';
import type { FieldRef } from '../condition/ast.ts';
import type { FieldResolver, FieldSpec } from '../fields.ts';
import type { Rule } from '../rule.ts';
import type { Correlation } from './correlation.ts';
import type { Deadlines } from './deadlines.ts';
import { Machine, type KeyState, type MachineStats, type StepInput } from './machine.ts';

export interface FirstSeenOptions {
  /** Whose value combination is remembered per key. May name `event.hour`. */
  fields: readonly FieldRef[];
  learnMs: number;
  forgetMs: number;
  /** Most combinations kept per key. */
  maxValues: number;
  /** IANA zone `event.hour` is read in. */
  timeZone: string;
}

export const DEFAULT_FORGET_MS = 30 * 86_400_000;
export const DEFAULT_MAX_VALUES = 1_000;

/** The derived field: the hour (0–23) of the event's time in the rule's zone. */
export const HOUR_FIELD = 'event.hour';
const QUARTER_MS = 900_000;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * `event.hour` in `timeZone`, and every other field from `base`. Every zone's offset is a whole
 * number of quarter hours, so the hour is constant within a UTC quarter hour: the last one is
 * cached and Intl is asked once per quarter hour of event time, not once per event.
 */
export function withHour(base: FieldResolver, timeZone: string): FieldResolver {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' });
  let quarter = NaN;
  let hour = 0;
  const spec: FieldSpec = {
    type: 'number',
    get: (ev) => {
      const t = Date.parse(ev.time);
      if (Number.isNaN(t)) return undefined;
      const q = Math.floor(t / QUARTER_MS);
      if (q !== quarter) {
        quarter = q;
        hour = Number(format.format(t));
      }
      return hour;
    },
  };
  return (f) => (f.name === HOUR_FIELD && f.arg === undefined ? spec : base(f));
}

interface FirstSeenState extends KeyState {
  /** When the key's learning ends. */
  learnedAt: number;
  /** Combination → event time last seen; least recently seen first. */
  values: Map<string, number>;
}

export class FirstSeenMachine extends Machine<FirstSeenState> {
  private readonly opts: FirstSeenOptions;
  private readonly read: readonly FieldSpec['get'][];
  private valuesEvicted = 0;

  constructor(rule: Rule, corr: Correlation, deadlines: Deadlines<KeyState>) {
    super(rule, corr, deadlines);
    this.opts = corr.firstSeen!;
    const resolve = withHour(corr.steps[0].resolve, this.opts.timeZone);
    this.read = this.opts.fields.map((f) => resolve(f).get);
  }

  override get stats(): MachineStats {
    const s = super.stats;
    return { keys: s.keys, evicted: s.evicted + this.valuesEvicted };
  }

  consume({ key, ev, num, t }: StepInput): VigilEvent[] | undefined {
    let value = '';
    for (const read of this.read) {
      const v = read(ev, num);
      if (v === undefined) return undefined;
      value += `\u0000${Array.isArray(v) ? v.join(',') : String(v)}`;
    }
    let s = this.lookup(key);
    if (s === undefined) {
      s = { key, machine: this, at: t + this.opts.forgetMs, slot: -1, learnedAt: t + this.opts.learnMs, values: new Map() };
      this.insert(s);
    }
    const known = s.values.delete(value);
    s.values.set(value, t);
    if (s.values.size > this.opts.maxValues) {
      s.values.delete(s.values.keys().next().value!);
      this.valuesEvicted++;
    }
    return known || t < s.learnedAt ? undefined : [ev];
  }

  /** The oldest combination may be due: forget what is stale and look again when the next one is. */
  expire(s: FirstSeenState, now: number): undefined {
    for (const [value, seen] of s.values) {
      if (seen + this.opts.forgetMs >= now) break;
      s.values.delete(value);
    }
    const oldest = s.values.values().next().value;
    if (oldest === undefined) this.drop(s);
    else {
      s.at = oldest + this.opts.forgetMs;
      this.reschedule(s);
    }
    return undefined;
  }
}
