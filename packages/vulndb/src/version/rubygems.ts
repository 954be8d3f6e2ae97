/**
 * RubyGems versions (Gem::Version): segments are runs of digits (compared by value) and runs of
 * letters (compared as strings, and below any number — a letter makes a pre-release: `1.0.a`
 * < `1.0`). Trailing zeros of the release part and of the pre-release part are insignificant;
 * a missing segment counts as 0. A `-` reads as `.pre.`, as RubyGems itself rewrites it.
 */
import type { VersionComparator } from './comparator.ts';
import { compareDigits, compareStrings, isDigit, stripLeadingZeros } from './digits.ts';

const VALID = /^\s*(?:[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?\s*$/;

function dropTrailingZeros(segments: string[]): string[] {
  let end = segments.length;
  while (end > 0 && segments[end - 1] === '0') end--;
  return segments.slice(0, end);
}

/** Canonical segments: digits without leading zeros, words as written. */
function segments(v: string): string[] {
  const all = (v.replace(/-/g, '.pre.').match(/[0-9]+|[a-z]+/gi) ?? []).map((s) =>
    isDigit(s[0]) ? stripLeadingZeros(s) : s,
  );
  const firstWord = all.findIndex((s) => !isDigit(s[0]));
  if (firstWord < 0) return dropTrailingZeros(all);
  return [...dropTrailingZeros(all.slice(0, firstWord)), ...dropTrailingZeros(all.slice(firstWord))];
}

function compareGem(a: string, b: string): number {
  const x = segments(a);
  const y = segments(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const l = x[i] ?? '0';
    const r = y[i] ?? '0';
    if (l === r) continue;
    const ln = isDigit(l[0]);
    const rn = isDigit(r[0]);
    if (ln !== rn) return ln ? 1 : -1;
    return ln ? compareDigits(l, r) : compareStrings(l, r);
  }
  return 0;
}

export const rubygemsComparator: VersionComparator = {
  name: 'rubygems',
  compare: compareGem,
  valid: (v) => v.trim() !== '' && VALID.test(v),
};
