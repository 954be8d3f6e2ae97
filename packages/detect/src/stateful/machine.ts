/**
 * The per-key state every stateful rule keeps: a map in least-recently-used order, bounded by the
 * rule's `maxKeys` (evictions counted), each state registered in the engine's deadline heap so it
 * expires on event time. Threshold, sequence and absence rules differ only in what a state holds
 * and what an event or a passing deadline does to it.
 */
import type { VigilEvent } from '@vigil/schema';
import type { Rule } from '../rule.ts';
import type { Correlation } from './correlation.ts';
import type { Deadlines, Timed } from './deadlines.ts';

export interface KeyState extends Timed {
  key: string;
  machine: Machine<KeyState>;
}

/** One event a step consumed, with its event time in ms. */
export interface Seen {
  ev: VigilEvent;
  t: number;
}

export interface StepInput {
  step: number;
  key: string;
  ev: VigilEvent;
  /** Stream number of the event: one event is consumed at most once per state. */
  num: number;
  t: number;
  /** The step's full condition where it binds to earlier steps' fields; called once the state is known. */
  accept?: (boundTo: readonly (VigilEvent | undefined)[]) => boolean;
}

export interface MachineStats {
  keys: number;
  evicted: number;
}

export abstract class Machine<S extends KeyState> {
  private readonly states = new Map<string, S>();
  private evictedCount = 0;

  constructor(
    readonly rule: Rule,
    readonly corr: Correlation,
    private readonly deadlines: Deadlines<KeyState>,
  ) {}

  /** The events that make an alert, when this event completes the rule. */
  abstract consume(input: StepInput): VigilEvent[] | undefined;

  /** `s.at` has passed `now`: drop or reschedule `s`, and return the events of an alert if one is due. */
  abstract expire(s: S, now: number): VigilEvent[] | undefined;

  get stats(): MachineStats {
    return { keys: this.states.size, evicted: this.evictedCount };
  }

  /** The state for `key`, marked most recently used. */
  protected lookup(key: string): S | undefined {
    const s = this.states.get(key);
    if (s !== undefined) {
      this.states.delete(key);
      this.states.set(key, s);
    }
    return s;
  }

  protected insert(s: S): void {
    this.states.set(s.key, s);
    this.deadlines.schedule(s);
    if (this.states.size > this.corr.maxKeys) {
      const oldest = this.states.values().next().value!;
      this.drop(oldest);
      this.evictedCount++;
    }
  }

  protected reschedule(s: S): void {
    this.deadlines.schedule(s);
  }

  protected drop(s: S): void {
    this.states.delete(s.key);
    this.deadlines.remove(s);
  }
}

/** Drop entries older than the window ending at `t`; `seen` is in time order of arrival. */
export function slide(seen: Seen[], t: number, withinMs: number): void {
  let n = 0;
  while (n < seen.length && seen[n].t < t - withinMs) n++;
  if (n) seen.splice(0, n);
}
