/**
 * Threshold rules (Vigil `threshold`, Sigma `event_count` / `value_count`): per key, count events
 * — or distinct values of a field — that any step matches. With only a lower bound the rule fires
 * as soon as the sliding window holds `min`; with an upper bound too (Sigma lt, lte, eq, range)
 * the count is only known when a window closes, so windows are tumbling from their first event.
 */
import type { VigilEvent } from '@vigil/schema';
import type { FieldValue } from '../fields.ts';
import type { Rule } from '../rule.ts';
import type { Correlation } from './correlation.ts';
import type { Deadlines } from './deadlines.ts';
import { Machine, type KeyState, type Seen, type StepInput } from './machine.ts';

interface ThresholdState extends KeyState {
  /** By distinct value, or by event number when counting events; insertion order is time order. */
  seen: Map<string, Seen>;
  /** Events counted in a tumbling window (may exceed what `seen` keeps). */
  total: number;
}

export type DistinctReader = (ev: VigilEvent, num: number) => FieldValue;

export class ThresholdMachine extends Machine<ThresholdState> {
  private readonly min: number;
  private readonly max: number | undefined;

  constructor(
    rule: Rule,
    corr: Correlation,
    deadlines: Deadlines<KeyState>,
    /** Per step: the distinct field's reader, when counting values. */
    private readonly distinct: readonly (DistinctReader | undefined)[],
  ) {
    super(rule, corr, deadlines);
    this.min = corr.bounds?.min ?? 1;
    this.max = corr.bounds?.max;
  }

  consume({ step, key, ev, num, t }: StepInput): VigilEvent[] | undefined {
    const read = this.distinct[step];
    let id: string;
    if (read) {
      const v = read(ev, num);
      if (v === undefined) return undefined;
      id = Array.isArray(v) ? v.join(',') : String(v);
    } else id = `#${num}`;

    let s = this.lookup(key);
    if (s === undefined) {
      s = { key, machine: this, at: t + this.corr.withinMs, slot: -1, seen: new Map(), total: 0 };
      this.insert(s);
    }
    s.total++;
    if (this.max !== undefined) {
      // Tumbling: the window closes at its first event + within; keep just enough to judge and show.
      if (s.seen.size <= this.max && !s.seen.has(id)) s.seen.set(id, { ev, t });
      return undefined;
    }
    s.seen.delete(id);
    s.seen.set(id, { ev, t });
    this.slideOut(s, t);
    if (s.seen.size >= this.min) {
      this.drop(s);
      return [...s.seen.values()].map((x) => x.ev);
    }
    return undefined;
  }

  expire(s: ThresholdState, now: number): VigilEvent[] | undefined {
    if (this.max === undefined) {
      this.slideOut(s, now);
      if (s.seen.size === 0) this.drop(s);
      return undefined;
    }
    this.drop(s);
    const n = this.distinct.some(Boolean) ? s.seen.size : s.total;
    return n >= this.min && n <= this.max ? [...s.seen.values()].map((x) => x.ev) : undefined;
  }

  /** Sliding window: forget what is older than `within` before `t`; expire when the oldest leaves. */
  private slideOut(s: ThresholdState, t: number): void {
    for (const [id, x] of s.seen) {
      if (x.t >= t - this.corr.withinMs) break;
      s.seen.delete(id);
    }
    const oldest = s.seen.values().next().value;
    if (oldest === undefined) return;
    s.at = oldest.t + this.corr.withinMs;
    this.reschedule(s);
  }
}
