/**
 * Maven versions, by Maven's "version order specification" (the rules ComparableVersion
 * implements): the version is split into tokens at `.`, at `-` and at every transition between
 * digits and letters (which counts as `-`), each token remembering its prefix; empty tokens are
 * `0`. Null tokens (`0`, `""`, `final`, `ga`, `release`) are trimmed from the end, then again in
 * front of each remaining hyphen, from the end to the start.
 *
 * Token sequences compare lexicographically, the shorter padded with nulls of the other's kind
 * (as ComparableVersion does: `1.0.sp1` > `1.0` and `1.0.preview` > `1.0` too). Qualifiers order
 * alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp < any other word
 * (alphabetically), case-insensitively, with `a`, `b`, `m` directly followed by a digit meaning
 * alpha, beta, milestone; numbers compare by value. Tokens of
 * different kinds order `.qualifier` < `-qualifier` < `-number` < `.number`: the specification's
 * prose makes the first two equal, but ComparableVersion (and so every repository's metadata)
 * puts what follows a hyphen in a nested list that sorts above a bare qualifier.
 */
import type { VersionComparator } from './comparator.ts';
import { compareDigits, compareStrings, isDigit, stripLeadingZeros } from './digits.ts';

interface Token {
  prefix: '.' | '-';
  numeric: boolean;
  /** Digits without leading zeros, or the qualifier after alias resolution. */
  value: string;
}

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES = new Map([['ga', ''], ['final', ''], ['release', ''], ['cr', 'rc']]);
const SHORT_QUALIFIERS = new Map([['a', 'alpha'], ['b', 'beta'], ['m', 'milestone']]);

function isNull(t: Token): boolean {
  return t.numeric ? t.value === '0' : t.value === '';
}

function tokenize(version: string): Token[] {
  const v = version.toLowerCase();
  const tokens: Token[] = [];
  let prefix: Token['prefix'] = '.';
  let start = 0;
  const emit = (end: number, next: Token['prefix']): void => {
    const text = v.slice(start, end);
    if (text === '') {
      tokens.push({ prefix, numeric: true, value: '0' });
    } else if (isDigit(text[0])) {
      tokens.push({ prefix, numeric: true, value: stripLeadingZeros(text) });
    } else {
      const short = isDigit(v[end]) ? SHORT_QUALIFIERS.get(text) : undefined;
      tokens.push({ prefix, numeric: false, value: short ?? ALIASES.get(text) ?? text });
    }
    prefix = next;
  };
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '.' || c === '-') {
      emit(i, c);
      start = i + 1;
    } else if (i > start && isDigit(c) !== isDigit(v[i - 1])) {
      emit(i, '-');
      start = i;
    }
  }
  emit(v.length, '.');
  return trim(tokens);
}

/** Trim nulls at the end, then in front of each hyphen from the end to the start. */
function trim(tokens: Token[]): Token[] {
  const out = [...tokens];
  /** Drops the nulls in front of index `end`; returns where the token at `end` now is. */
  const dropNullsBefore = (end: number): number => {
    let i = end;
    while (i > 0 && isNull(out[i - 1])) i--;
    out.splice(i, end - i);
    return i;
  };
  dropNullsBefore(out.length);
  for (let h = out.length - 1; h > 0; h--) {
    if (out[h].prefix === '-') h = dropNullsBefore(h);
  }
  return out;
}

function qualifierRank(q: string): [number, string] {
  const i = QUALIFIERS.indexOf(q);
  return i < 0 ? [QUALIFIERS.length, q] : [i, ''];
}

const KIND_RANK = { '.qualifier': 0, '-qualifier': 1, '-number': 2, '.number': 3 } as const;

function kindRank(t: Token): number {
  return KIND_RANK[`${t.prefix}${t.numeric ? 'number' : 'qualifier'}`];
}

function compareTokens(a: Token, b: Token): number {
  const k = kindRank(a) - kindRank(b);
  if (k !== 0) return k;
  if (a.numeric) return compareDigits(a.value, b.value);
  const [ra, wa] = qualifierRank(a.value);
  const [rb, wb] = qualifierRank(b.value);
  return ra - rb || compareStrings(wa, wb);
}

/** The null a missing token stands for: of the same kind and prefix as its counterpart. */
function padding(other: Token): Token {
  return { prefix: other.prefix, numeric: other.numeric, value: other.numeric ? '0' : '' };
}

function compareMaven(a: string, b: string): number {
  const x = tokenize(a);
  const y = tokenize(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = compareTokens(x[i] ?? padding(y[i]), y[i] ?? padding(x[i]));
    if (d !== 0) return d;
  }
  return 0;
}

export const mavenComparator: VersionComparator = {
  name: 'maven',
  compare: compareMaven,
  valid: (v) => v !== '' && !/\s/.test(v),
};
