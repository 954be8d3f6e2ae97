/**
 * Semantic Versioning 2.0.0 precedence, as npm, Go modules and Cargo use it: major.minor.patch
 * by value, then a version with a pre-release below the same version without; pre-release
 * identifiers compare pairwise (numeric ones by value and below alphanumeric ones, those in ASCII
 * order), more identifiers sorting higher. Build metadata (`+incompatible`, `+build.5`) is ignored.
 *
 * Parsing is lenient where real data is: a leading `v` (Go), missing minor/patch (read as 0),
 * numbers of any size. Go pseudo-versions (`v0.0.0-20240101120000-abcdef123456`,
 * `v1.2.4-0.20240101120000-abcdef123456`) are ordinary pre-releases and sort by their timestamp.
 */
import type { VersionComparator } from './comparator.ts';
import { compareDigits, compareStrings } from './digits.ts';

export interface SemVer {
  core: [string, string, string];
  prerelease: string[];
  build: string[];
  /** The string is a well-formed (possibly `v`-prefixed, possibly shortened) semantic version. */
  wellFormed: boolean;
}

const CORE = /^[vV]?(\d+)(?:\.(\d+)(?:\.(\d+))?)?/;
const IDENTIFIERS = /^[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*$/;

/** Parse; undefined when the string does not start with a version number. */
export function parseSemver(v: string): SemVer | undefined {
  const s = v.trim();
  const m = CORE.exec(s);
  if (!m) return undefined;
  let rest = s.slice(m[0].length);
  let prerelease = '';
  let build = '';
  let wellFormed = true;
  if (rest.startsWith('-')) {
    const plus = rest.indexOf('+');
    prerelease = plus < 0 ? rest.slice(1) : rest.slice(1, plus);
    rest = plus < 0 ? '' : rest.slice(plus);
    wellFormed &&= IDENTIFIERS.test(prerelease);
  }
  if (rest !== '') {
    // Whatever follows the three numbers and is not a pre-release counts as build metadata.
    wellFormed &&= rest.startsWith('+') && IDENTIFIERS.test(rest.slice(1));
    build = rest.startsWith('+') ? rest.slice(1) : rest;
  }
  return {
    core: [m[1], m[2] ?? '0', m[3] ?? '0'],
    prerelease: prerelease === '' ? [] : prerelease.split('.'),
    build: build === '' ? [] : build.split('.'),
    wellFormed,
  };
}

const NUMERIC = /^\d+$/;

/** Dot-separated identifiers: numeric ones by value and below alphanumeric ones. */
export function compareIdentifiers(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const an = NUMERIC.test(a[i]);
    const bn = NUMERIC.test(b[i]);
    const d = an && bn ? compareDigits(a[i], b[i]) : an !== bn ? (an ? -1 : 1) : compareStrings(a[i], b[i]);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Precedence without build metadata. */
export function compareSemverPrecedence(a: SemVer, b: SemVer): number {
  for (let i = 0; i < 3; i++) {
    const d = compareDigits(a.core[i], b.core[i]);
    if (d !== 0) return d;
  }
  const ap = a.prerelease.length > 0;
  const bp = b.prerelease.length > 0;
  if (!ap || !bp) return Number(bp) - Number(ap); // a release outranks its pre-releases
  return compareIdentifiers(a.prerelease, b.prerelease);
}

/**
 * A comparator over parsed versions; strings that do not parse sort below all versions and
 * among themselves as plain strings, so the order stays total.
 */
export function semverOrder(name: string, order: (a: SemVer, b: SemVer) => number): VersionComparator {
  return {
    name,
    compare(a, b) {
      const x = parseSemver(a);
      const y = parseSemver(b);
      if (x && y) return order(x, y);
      if (x || y) return x ? 1 : -1;
      return compareStrings(a, b);
    },
    valid: (v) => parseSemver(v)?.wellFormed === true,
  };
}

export const semverComparator = semverOrder('semver', compareSemverPrecedence);
