/**
 * What a rule language needs from the event model: a typed accessor per field name. Each loader
 * supplies a resolver for its own field vocabulary (Falco's `proc.name`, Sigma's `Image` …) over
 * the one VigilEvent shape, so the compiler and engine stay language-neutral.
 */
import type { EventKind, VigilEvent } from '@vigil/schema';
import type { FieldRef } from './condition/ast.ts';

export type Scalar = string | number | boolean;
export type FieldValue = Scalar | readonly Scalar[] | undefined;

/** `ip` values are address strings, compared by address and network. */
export type ValueType = 'string' | 'number' | 'bool' | 'ip';

export interface FieldSpec {
  type: ValueType;
  /** Multi-valued (an array): matches if any value does; `!=` means none equals. */
  multi?: boolean;
  /** `num` is the event's 1-based sequence number in the stream (Falco's `evt.num`). */
  get(ev: VigilEvent, num: number): FieldValue;
  /** Every value the field can take on events of `kind`, when that set is known up front. */
  possible?(kind: EventKind): ReadonlySet<string>;
}

export type FieldResolver = (f: FieldRef) => FieldSpec;

/** The field exists in the rule language but Vigil's events cannot supply it. */
export class UnsupportedFieldError extends Error {
  constructor(
    readonly field: string,
    reason = 'Vigil events carry no such value',
  ) {
    super(`field ${field} unsupported: ${reason}`);
  }
}
