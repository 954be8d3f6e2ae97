/**
 * Version-constraint expressions (npm ranges, Cargo requirements, GHSA-style `>= 1.0, < 1.2`,
 * Maven intervals) turned into OSV range events. A constraint is read as a union of intervals;
 * each interval becomes one OSV range so ranges never interact.
 */
import semver from 'semver';
import type { AffectedRange, RangeEvent } from '../advisory.ts';

export interface Bound {
  version: string;
  inclusive: boolean;
}

/** A contiguous set of versions; a missing bound is unbounded on that side. */
export interface Interval {
  lower?: Bound;
  upper?: Bound;
}

export class ConstraintError extends Error {}

// ---------------------------------------------------------------------------------- semver

/** Intervals of an npm range (`<1.4.1 || >=2.0.0 <2.17.2`, `^1.2.3`, `*`). */
export function npmIntervals(expr: string): Interval[] {
  let range: semver.Range;
  try {
    range = new semver.Range(expr.trim() === '' ? '*' : expr, { loose: true });
  } catch {
    throw new ConstraintError(`invalid npm range "${expr}"`);
  }
  return range.set.map(intersect).filter((iv): iv is Interval => iv !== undefined);
}

/**
 * Intervals of one Cargo requirement (`>= 1.2.3, < 2.0.0`). Unlike npm, a bare version in Cargo
 * means `^version`, and comparators are separated by commas.
 */
export function cargoIntervals(requirement: string): Interval[] {
  const parts = requirement
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => {
      const m = /^(\^|~|=|>=|<=|>|<)?\s*(.+)$/.exec(p);
      if (!m) throw new ConstraintError(`invalid cargo requirement "${requirement}"`);
      const op = m[1] ?? (/^\d/.test(m[2]) ? '^' : '');
      return `${op}${m[2]}`;
    });
  if (parts.some((p) => p.includes(' ') || p.includes('||'))) {
    throw new ConstraintError(`invalid cargo requirement "${requirement}"`);
  }
  return npmIntervals(parts.join(' '));
}

function intersect(comparators: readonly semver.Comparator[]): Interval | undefined {
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  for (const c of comparators) {
    if (c.value === '') continue; // `*`: no bound
    const version = c.semver.version;
    const op = c.operator;
    if (op === '' || op === '>' || op === '>=') lower = tighterLower(lower, { version, inclusive: op !== '>' });
    if (op === '' || op === '<' || op === '<=') upper = tighterUpper(upper, { version, inclusive: op !== '<' });
  }
  if (lower && upper) {
    const cmp = semver.compare(lower.version, upper.version);
    if (cmp > 0 || (cmp === 0 && !(lower.inclusive && upper.inclusive))) return undefined;
  }
  return { lower, upper };
}

function tighterLower(a: Bound | undefined, b: Bound): Bound {
  if (!a) return b;
  const cmp = semver.compare(a.version, b.version);
  if (cmp !== 0) return cmp > 0 ? a : b;
  return a.inclusive ? b : a;
}

function tighterUpper(a: Bound | undefined, b: Bound): Bound {
  if (!a) return b;
  const cmp = semver.compare(a.version, b.version);
  if (cmp !== 0) return cmp < 0 ? a : b;
  return a.inclusive ? b : a;
}

/**
 * The semver versions not covered by `covered` (e.g. vulnerable = not patched and not unaffected).
 * Two exclusive bounds meeting at one version leave exactly that version uncovered.
 */
export function semverComplement(covered: readonly Interval[]): Interval[] {
  const sorted = [...covered].sort((a, b) => {
    if (!a.lower || !b.lower) return a.lower ? 1 : b.lower ? -1 : 0;
    return semver.compare(a.lower.version, b.lower.version) || Number(b.lower.inclusive) - Number(a.lower.inclusive);
  });
  const gaps: Interval[] = [];
  const flip = (b: Bound): Bound => ({ version: b.version, inclusive: !b.inclusive });
  // null: nothing covered yet; undefined: covered up to +infinity.
  let reach: Bound | undefined | null = null;
  for (const iv of sorted) {
    if (reach === undefined) break;
    if (reach === null) {
      if (iv.lower) gaps.push({ upper: flip(iv.lower) });
      reach = iv.upper;
      continue;
    }
    if (iv.lower) {
      const cmp = semver.compare(reach.version, iv.lower.version);
      if (cmp < 0 || (cmp === 0 && !reach.inclusive && !iv.lower.inclusive)) {
        gaps.push({ lower: flip(reach), upper: flip(iv.lower) });
      }
    }
    reach = iv.upper === undefined ? undefined : looserUpper(reach, iv.upper);
  }
  if (reach === null) return [{}];
  if (reach !== undefined) gaps.push({ lower: flip(reach) });
  return gaps;
}

/** The larger of two upper bounds (on a tie, the inclusive one reaches further). */
function looserUpper(a: Bound, b: Bound): Bound {
  const cmp = semver.compare(a.version, b.version);
  if (cmp !== 0) return cmp > 0 ? a : b;
  return a.inclusive ? a : b;
}

/** The least semver version greater than `version` (1.2.3 → 1.2.4-0, 1.0.0-rc.1 → 1.0.0-rc.1.0). */
function semverSuccessor(version: string): string {
  const v = semver.parse(version);
  if (!v) throw new ConstraintError(`invalid version "${version}"`);
  return v.prerelease.length > 0 ? `${v.version}.0` : `${v.major}.${v.minor}.${v.patch + 1}-0`;
}

// ---------------------------------------------------------------------------------- generic

const COMPARATOR = /(>=|<=|==|!=|~>|~=|>|<|=)?\s*([^\s,<>=!~|]+)/g;

/**
 * Intervals of a GHSA/GitLab-style constraint in an ecosystem without semver (`>= 1.0, < 1.2`,
 * `~> 4.2`, `[2.9.0,2.9.10.7)`, `||` unions). Versions are not compared here, so each
 * `||` branch may hold at most one lower and one upper bound.
 */
export function genericIntervals(expr: string): Interval[] {
  const result: Interval[] = [];
  for (const branch of expr.split('||').map((b) => b.trim())) {
    if (branch === '') continue;
    if (/^[[(]/.test(branch)) {
      result.push(...mavenIntervals(branch));
      continue;
    }
    let lower: Bound | undefined;
    let upper: Bound | undefined;
    const setLower = (b: Bound) => {
      if (lower) throw new ConstraintError(`two lower bounds in "${branch}"`);
      lower = b;
    };
    const setUpper = (b: Bound) => {
      if (upper) throw new ConstraintError(`two upper bounds in "${branch}"`);
      upper = b;
    };
    for (const m of branch.matchAll(COMPARATOR)) {
      const op = m[1] ?? '=';
      const version = m[2];
      switch (op) {
        case '>=':
          setLower({ version, inclusive: true });
          break;
        case '>':
          setLower({ version, inclusive: false });
          break;
        case '<=':
          setUpper({ version, inclusive: true });
          break;
        case '<':
          setUpper({ version, inclusive: false });
          break;
        case '=':
        case '==':
          setLower({ version, inclusive: true });
          setUpper({ version, inclusive: true });
          break;
        case '~>':
        case '~=':
          setLower({ version, inclusive: true });
          setUpper({ version: pessimisticUpper(version), inclusive: false });
          break;
        default:
          throw new ConstraintError(`unsupported operator "${op}" in "${branch}"`);
      }
    }
    if (!lower && !upper) throw new ConstraintError(`no version in "${branch}"`);
    result.push({ lower, upper });
  }
  return result;
}

/** `~> 1.2.3` (RubyGems) / `~= 1.2.3` (PEP 440) allow changes in the last segment only: `< 1.3`. */
function pessimisticUpper(version: string): string {
  const segments = version.split('.');
  const keep = segments.length > 1 ? segments.slice(0, -1) : segments;
  const last = keep[keep.length - 1];
  if (!/^\d+$/.test(last)) throw new ConstraintError(`cannot derive an upper bound from "${version}"`);
  keep[keep.length - 1] = String(Number(last) + 1);
  return keep.join('.');
}

/** Maven version ranges: `[1.0,2.0)`, `(,1.0]`, `[1.2]`, several separated by commas. */
function mavenIntervals(expr: string): Interval[] {
  const re = /([[(])\s*([^,\])]*?)\s*(?:,\s*([^\])]*?)\s*)?([\])])/g;
  if (expr.replace(re, '').replace(/[\s,]/g, '') !== '') throw new ConstraintError(`invalid Maven range "${expr}"`);
  const result: Interval[] = [];
  for (const [, open, from, to, close] of expr.matchAll(re)) {
    if (to === undefined) {
      if (open !== '[' || close !== ']' || !from) throw new ConstraintError(`invalid Maven range "${expr}"`);
      result.push({ lower: { version: from, inclusive: true }, upper: { version: from, inclusive: true } });
      continue;
    }
    result.push({
      lower: from ? { version: from, inclusive: open === '[' } : undefined,
      upper: to ? { version: to, inclusive: close === ']' } : undefined,
    });
  }
  return result;
}

function isExact(iv: Interval): boolean {
  return !!iv.lower && !!iv.upper && iv.lower.inclusive && iv.upper.inclusive && iv.lower.version === iv.upper.version;
}

// ---------------------------------------------------------------------------------- to OSV

export interface OsvRanges {
  ranges: AffectedRange[];
  /** Single versions (`= 1.2.3`), listed as OSV `versions`. */
  versions: string[];
}

/**
 * One OSV range per interval. OSV events have no exclusive start: for semver the exclusive lower
 * bound becomes its successor (exact); elsewhere it starts at the bound itself, which GHSA-style
 * data never needs (it writes `>=` for lower bounds).
 */
export function intervalsToRanges(intervals: readonly Interval[], type: AffectedRange['type']): OsvRanges {
  const out: OsvRanges = { ranges: [], versions: [] };
  for (const iv of intervals) {
    if (isExact(iv)) {
      out.versions.push(iv.lower!.version);
      continue;
    }
    const events: RangeEvent[] = [];
    const lower = iv.lower;
    events.push({
      introduced: !lower ? '0' : lower.inclusive || type !== 'SEMVER' ? lower.version : semverSuccessor(lower.version),
    });
    if (iv.upper) events.push(iv.upper.inclusive ? { last_affected: iv.upper.version } : { fixed: iv.upper.version });
    out.ranges.push({ type, events });
  }
  return out;
}
