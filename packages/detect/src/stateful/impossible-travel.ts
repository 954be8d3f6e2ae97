/**
 * Impossible-travel rules (Vigil `impossible_travel`): per key (usually `user.name`), the place
 * and time of the last matching login whose source address the geo database locates. A login
 * from a place further than `minDistanceKm` from it, reached faster than `maxSpeedKmh` would
 * allow, raises the rule with both logins; either way the new login becomes the one remembered.
 * Unlocated addresses (private, unknown) are passed over. A state is forgotten once no speed
 * could be too fast any more: half the Earth's circumference at `maxSpeedKmh`.
 */
import type { VigilEvent } from '@vigil/schema';
import type { FieldRef } from '../condition/ast.ts';
import type { FieldSpec } from '../fields.ts';
import type { GeoDatabase } from '../geo/database.ts';
import { distanceKm, MAX_DISTANCE_KM, type GeoPoint } from '../geo/distance.ts';
import type { Rule } from '../rule.ts';
import type { Correlation } from './correlation.ts';
import type { Deadlines } from './deadlines.ts';
import { Machine, type KeyState, type StepInput } from './machine.ts';

export interface ImpossibleTravelOptions {
  /** The field holding the login's source address. */
  source: FieldRef;
  maxSpeedKmh: number;
  /** Shorter hops are never raised: geo databases place an address tens to hundreds of km off. */
  minDistanceKm: number;
}

export const DEFAULT_SOURCE = 'source.ip';
/** Faster than an airliner's cruise, with the time spent getting to and from airports. */
export const DEFAULT_MAX_SPEED_KMH = 1_000;
export const DEFAULT_MIN_DISTANCE_KM = 500;

/** How long a login is remembered: after this, any distance was reachable. */
export function forgetMs(maxSpeedKmh: number): number {
  return Math.ceil((MAX_DISTANCE_KM / maxSpeedKmh) * 3_600_000);
}

interface TravelState extends KeyState {
  point: GeoPoint;
  t: number;
  ev: VigilEvent;
}

export class ImpossibleTravelMachine extends Machine<TravelState> {
  private readonly opts: ImpossibleTravelOptions;
  private readonly read: FieldSpec['get'];
  private readonly forgetMs: number;

  /** Without `geo` the rule is inactive: nothing is located, nothing is remembered. */
  constructor(
    rule: Rule,
    corr: Correlation,
    deadlines: Deadlines<KeyState>,
    private readonly geo: GeoDatabase | undefined,
  ) {
    super(rule, corr, deadlines);
    this.opts = corr.travel!;
    this.read = corr.steps[0].resolve(this.opts.source).get;
    this.forgetMs = corr.withinMs;
  }

  consume({ key, ev, num, t }: StepInput): VigilEvent[] | undefined {
    const ip = this.geo && this.read(ev, num);
    const point = typeof ip === 'string' ? this.geo!.locate(ip) : undefined;
    if (point === undefined) return undefined;
    const s = this.lookup(key);
    if (s === undefined) {
      this.insert({ key, machine: this, at: t + this.forgetMs, slot: -1, point, t, ev });
      return undefined;
    }
    const km = distanceKm(s.point, point);
    const hours = Math.abs(t - s.t) / 3_600_000;
    const raised = km >= this.opts.minDistanceKm && km > this.opts.maxSpeedKmh * hours ? [s.ev, ev] : undefined;
    // A late event is compared but does not replace the latest login.
    if (t >= s.t) {
      s.point = point;
      s.t = t;
      s.ev = ev;
      s.at = t + this.forgetMs;
      this.reschedule(s);
    }
    return raised;
  }

  expire(s: TravelState): undefined {
    this.drop(s);
    return undefined;
  }
}

/** The one-line warning for enabled impossible_travel rules that run without a geo database. */
export function geoWarning(rules: readonly Rule[], geo: GeoDatabase | undefined): string | undefined {
  if (geo) return undefined;
  const ids = rules.filter((r) => r.enabled && r.correlation?.type === 'impossible_travel').map((r) => r.id);
  if (ids.length === 0) return undefined;
  return `${ids.join(', ')}: inactive, impossible travel needs a geo database (--geoip FILE, a GeoLite2 or DB-IP City CSV) / 未配置地理数据库，不可能旅行规则未启用`;
}
