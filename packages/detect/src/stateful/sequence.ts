/**
 * Sequence rules (Vigil `sequence`, Sigma `temporal_ordered`, and `temporal` unordered): per key,
 * steps satisfied — each `count` times — within `within` of the first step's oldest event. One
 * sequence is in progress per key. While no later step has begun, the first step's events slide
 * (the newest `count` are kept, which are also what later steps bind to); once a later step has
 * matched, the window is fixed and the sequence is dropped when it passes.
 */
import type { VigilEvent } from '@vigil/schema';
import { Machine, slide, type KeyState, type Seen, type StepInput } from './machine.ts';

interface SequenceState extends KeyState {
  steps: Seen[][];
  /** Ordered: the first step not yet satisfied. */
  cur: number;
  /** The last event consumed, so an event matching two steps counts once. */
  lastNum: number;
}

export class SequenceMachine extends Machine<SequenceState> {
  consume({ step, key, ev, num, t, accept }: StepInput): VigilEvent[] | undefined {
    const ordered = this.corr.ordered !== false;
    let s = this.lookup(key);
    if (s?.lastNum === num) return undefined;
    if (s === undefined) {
      if (ordered && step !== 0) return undefined;
      s = { key, machine: this, at: t + this.corr.withinMs, slot: -1, steps: this.corr.steps.map(() => []), cur: 0, lastNum: 0 };
      this.insert(s);
    }
    return ordered ? this.ordered(s, step, ev, num, t, accept) : this.unordered(s, step, ev, num, t);
  }

  private ordered(s: SequenceState, j: number, ev: VigilEvent, num: number, t: number, accept: StepInput['accept']): VigilEvent[] | undefined {
    const refreshing = j === s.cur - 1 && s.steps[s.cur].length === 0;
    if (j !== s.cur && !refreshing) return undefined;
    if (j > 0 && s.steps[0].length && t - s.steps[0][0].t > this.corr.withinMs) {
      this.drop(s);
      return undefined;
    }
    if (accept && !accept(s.steps.map((x) => x[x.length - 1]?.ev))) return undefined;
    this.add(s, j, ev, num, t);
    if (j === 0) slide(s.steps[0], t, this.corr.withinMs);
    const need = this.corr.steps[j].count;
    if (s.steps[j].length >= need) s.cur = Math.max(s.cur, j + 1);
    else if (j < s.cur) s.cur = j;
    if (s.cur === this.corr.steps.length) return this.fire(s);
    this.rearm(s);
    return undefined;
  }

  private unordered(s: SequenceState, j: number, ev: VigilEvent, num: number, t: number): VigilEvent[] | undefined {
    this.add(s, j, ev, num, t);
    for (const x of s.steps) slide(x, t, this.corr.withinMs);
    const satisfied = s.steps.filter((x, i) => x.length >= this.corr.steps[i].count).length;
    if (satisfied >= (this.corr.minSteps ?? this.corr.steps.length)) return this.fire(s);
    this.rearm(s);
    return undefined;
  }

  expire(s: SequenceState, now: number): undefined {
    const ordered = this.corr.ordered !== false;
    const sliding = !ordered || s.steps.slice(1).every((x) => x.length === 0);
    if (!sliding) {
      this.drop(s);
      return undefined;
    }
    for (const x of s.steps) slide(x, now, this.corr.withinMs);
    if (ordered && s.steps[0].length < this.corr.steps[0].count) s.cur = 0;
    if (s.steps.every((x) => x.length === 0)) this.drop(s);
    else this.rearm(s);
    return undefined;
  }

  /** Keep the newest `count` events of the step. */
  private add(s: SequenceState, j: number, ev: VigilEvent, num: number, t: number): void {
    const seen = s.steps[j];
    seen.push({ ev, t });
    if (seen.length > this.corr.steps[j].count) seen.shift();
    s.lastNum = num;
  }

  private fire(s: SequenceState): VigilEvent[] {
    this.drop(s);
    return s.steps
      .flat()
      .sort((a, b) => a.t - b.t)
      .map((x) => x.ev);
  }

  /** The state matters until its oldest event leaves the window. */
  private rearm(s: SequenceState): void {
    let oldest = Infinity;
    for (const x of s.steps) if (x.length) oldest = Math.min(oldest, x[0].t);
    s.at = oldest + this.corr.withinMs;
    this.reschedule(s);
  }
}
