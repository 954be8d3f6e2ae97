/**
 * What a stateful rule asks of the engine, whatever language wrote it: Vigil threshold, sequence
 * and absence rules and Sigma correlation rules all become one `Correlation`. Each step carries
 * its own field resolver and key because a Sigma correlation joins rules of different logsources.
 */
import type { Expr, FieldRef } from '../condition/ast.ts';
import type { FieldResolver } from '../fields.ts';
import type { FirstSeenOptions } from './first-seen.ts';
import type { ImpossibleTravelOptions } from './impossible-travel.ts';

export const CORRELATION_TYPES = ['threshold', 'sequence', 'absence', 'first_seen', 'impossible_travel'] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

export interface CorrelationStep {
  id: string;
  /** Specialised and indexed per event kind like a rule's. May compare with an earlier step's field: operand `{kind: 'field', field: {name: '$<step>', arg: '<field>'}}`. */
  condition: Expr;
  /** Matches the step needs before the next (sequence); ignored by threshold and absence. */
  count: number;
  resolve: FieldResolver;
  /** Fields whose values, after the host id, name the state this step's events belong to. */
  key: readonly FieldRef[];
  /** Threshold: count distinct values of this field instead of events. */
  distinct?: FieldRef;
}

export interface Correlation {
  /**
   * threshold: every step feeds one counter (Sigma event_count over several rules);
   * sequence: steps in order (or, unordered, all within the window);
   * absence: step 0 arms a deadline that step 1 disarms;
   * first_seen: one step, whose new value combinations per key raise the rule (`withinMs` is `forget`);
   * impossible_travel: one step, whose located logins per key raise the rule when too far apart for the time between them (`withinMs` is how long a login is remembered).
   */
  type: CorrelationType;
  steps: CorrelationStep[];
  withinMs: number;
  /** Threshold bounds, inclusive. Without `max` the rule fires as soon as `min` is reached; with one, when the window closes. */
  bounds?: { min: number; max?: number };
  /** Sequence only: false for Sigma `temporal` (any order). */
  ordered?: boolean;
  /** Unordered sequence: how many steps must be satisfied (default all). */
  minSteps?: number;
  /** First-seen only. */
  firstSeen?: FirstSeenOptions;
  /** Impossible-travel only. */
  travel?: ImpossibleTravelOptions;
  /** Most keys kept per rule; the least recently used is evicted beyond it. */
  maxKeys: number;
}

export const DEFAULT_MAX_KEYS = 10_000;

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `10m`, `2h`, `1d` → milliseconds; undefined when not a positive duration. */
export function parseDuration(text: unknown): number | undefined {
  const m = typeof text === 'string' ? /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(text.trim()) : null;
  if (!m || Number(m[1]) <= 0) return undefined;
  return Number(m[1]) * UNIT_MS[m[2]];
}
