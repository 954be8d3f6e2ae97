/**
 * Absence rules: per key, the first step arms a deadline `within` after its event and the second
 * disarms it. Passing the deadline — by a later event's time or `engine.flush(now)` — raises the
 * alert with the arming event. Repeats of the first step while armed keep the first deadline.
 */
import type { VigilEvent } from '@vigil/schema';
import { Machine, type KeyState, type StepInput } from './machine.ts';

interface AbsenceState extends KeyState {
  armedBy: VigilEvent;
}

export class AbsenceMachine extends Machine<AbsenceState> {
  consume({ step, key, ev, t }: StepInput): undefined {
    const s = this.lookup(key);
    if (step === 0) {
      if (s === undefined) this.insert({ key, machine: this, at: t + this.corr.withinMs, slot: -1, armedBy: ev });
    } else if (s !== undefined && t <= s.at) this.drop(s);
    return undefined;
  }

  expire(s: AbsenceState): VigilEvent[] {
    this.drop(s);
    return [s.armedBy];
  }
}
