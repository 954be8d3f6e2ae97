/**
 * Whether an installed version is affected by one advisory's entry for its package, by the OSV
 * schema's evaluation rules: each range's events are sorted by version (`introduced: "0"` first,
 * `limit: "*"` last) and walked in order — `introduced` opens an affected interval, `fixed`
 * closes it at that version, `last_affected` just after it — and a range with `limit` events only
 * covers versions below one of them. A version is affected if any range covers it or the
 * explicit `versions` list names it.
 *
 * A range whose bounds (or the installed version) the comparator cannot parse is skipped rather
 * than guessed at: a wrong guess either hides a vulnerability or invents one.
 */
import type { AffectedPackage, RangeEvent } from './advisory.ts';
import type { VersionComparator } from './version/comparator.ts';
import { semverComparator } from './version/index.ts';

export interface AffectedVerdict {
  affected: boolean;
  /** Fixed versions above the installed one, from the ranges that matched, without duplicates. */
  fixed: string[];
}

const NOT_AFFECTED: AffectedVerdict = { affected: false, fixed: [] };

type Event = { kind: 'introduced' | 'fixed' | 'last_affected' | 'limit'; version: string };

function toEvent(e: RangeEvent): Event {
  if ('introduced' in e) return { kind: 'introduced', version: e.introduced };
  if ('fixed' in e) return { kind: 'fixed', version: e.fixed };
  if ('last_affected' in e) return { kind: 'last_affected', version: e.last_affected };
  return { kind: 'limit', version: e.limit };
}

/** `introduced: "0"` is before every version and `limit: "*"` after every version. */
function isUnbounded(e: Event): boolean {
  return (e.kind === 'introduced' && e.version === '0') || (e.kind === 'limit' && e.version === '*');
}

function eventOrder(cmp: VersionComparator): (a: Event, b: Event) => number {
  const rank = (e: Event): number => (!isUnbounded(e) ? 0 : e.kind === 'introduced' ? -1 : 1);
  return (a, b) => rank(a) - rank(b) || (rank(a) === 0 ? cmp.compare(a.version, b.version) : 0);
}

/** The fixed versions above `installed` when the range covers it; undefined when it does not. */
function evaluateRange(installed: string, raw: RangeEvent[], cmp: VersionComparator): string[] | undefined {
  const events = raw.map(toEvent);
  if (!cmp.valid(installed) || events.some((e) => !isUnbounded(e) && !cmp.valid(e.version))) return undefined;

  const limits = events.filter((e) => e.kind === 'limit');
  if (limits.length > 0 && !limits.some((e) => isUnbounded(e) || cmp.compare(installed, e.version) < 0)) {
    return undefined;
  }

  // Stable sort: events at equal versions keep the record's order.
  const sorted = [...events].sort(eventOrder(cmp));
  let affected = false;
  for (const e of sorted) {
    if (e.kind === 'introduced') {
      if (isUnbounded(e) || cmp.compare(installed, e.version) >= 0) affected = true;
    } else if (e.kind === 'fixed') {
      if (cmp.compare(installed, e.version) >= 0) affected = false;
    } else if (e.kind === 'last_affected') {
      if (cmp.compare(installed, e.version) > 0) affected = false;
    }
  }
  if (!affected) return undefined;
  return sorted.filter((e) => e.kind === 'fixed' && cmp.compare(e.version, installed) > 0).map((e) => e.version);
}

function listed(installed: string, versions: string[], cmp: VersionComparator): boolean {
  const comparable = cmp.valid(installed);
  return versions.some((v) => v === installed || (comparable && cmp.valid(v) && cmp.compare(installed, v) === 0));
}

export function evaluateAffected(installed: string, affected: AffectedPackage, cmp: VersionComparator): AffectedVerdict {
  if (affected.status === 'not-affected') return NOT_AFFECTED;
  // Without ranges, `unfixed` / `wont-fix` (Debian "open", "no-dsa"…) cover every version,
  // unless an explicit list narrows them.
  if (affected.status !== 'affected' && affected.ranges.length === 0 && affected.versions.length === 0) {
    return { affected: true, fixed: [] };
  }
  let hit = false;
  const fixed = new Set<string>();
  for (const range of affected.ranges) {
    // SEMVER ranges are semantic versions whatever the ecosystem's own scheme.
    const fixes = evaluateRange(installed, range.events, range.type === 'SEMVER' ? semverComparator : cmp);
    if (!fixes) continue;
    hit = true;
    for (const f of fixes) fixed.add(f);
  }
  if (hit) return { affected: true, fixed: [...fixed] };
  return listed(installed, affected.versions, cmp) ? { affected: true, fixed: [] } : NOT_AFFECTED;
}
