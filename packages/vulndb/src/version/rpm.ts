/**
 * RPM versions: `[epoch:]version[-release]`, as rpm splits them (the epoch is a leading run of
 * digits ended by `:`; the release follows the last `-`). Each part compares with rpmvercmp's
 * rules: separators (anything but ASCII letters, digits, `~` and `^`) only delimit segments;
 * `~` sorts before everything, even the end of the string; `^` sorts after the end but before
 * any further segment; a numeric segment beats an alphabetic one; numeric segments compare by
 * value, alphabetic ones by byte order; when all segments tie, the string with segments left is
 * newer. A version without a release sorts before the same version with any release.
 */
import type { VersionComparator } from './comparator.ts';
import { compareDigits, compareStrings, isAsciiLetter, isDigit } from './digits.ts';

interface Evr {
  epoch: string;
  version: string;
  release: string | undefined;
}

function parse(evr: string): Evr {
  const m = /^(\d*):/.exec(evr);
  const epoch = m ? m[1] || '0' : '0';
  const rest = m ? evr.slice(m[0].length) : evr;
  const dash = rest.lastIndexOf('-');
  return dash < 0
    ? { epoch, version: rest, release: undefined }
    : { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) };
}

function isSegmentChar(c: string | undefined): boolean {
  return isDigit(c) || isAsciiLetter(c);
}

function isSignificant(c: string | undefined): boolean {
  return c === '~' || c === '^' || isSegmentChar(c);
}

/** rpmvercmp: the order of two version (or release) strings. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !isSignificant(a[i])) i++;
    while (j < b.length && !isSignificant(b[j])) j++;
    const ca = a[i];
    const cb = b[j];
    if (ca === '~' || cb === '~') {
      if (ca !== '~') return 1;
      if (cb !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === '^' || cb === '^') {
      if (ca === undefined) return -1;
      if (cb === undefined) return 1;
      if (ca !== '^') return 1;
      if (cb !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === undefined || cb === undefined) break;
    const numeric = isDigit(ca);
    const take = numeric ? isDigit : isAsciiLetter;
    const si = i;
    const sj = j;
    while (i < a.length && take(a[i])) i++;
    while (j < b.length && take(b[j])) j++;
    const sa = a.slice(si, i);
    const sb = b.slice(sj, j);
    // Segments of different kinds: the numeric one is newer.
    if (sb === '') return numeric ? 1 : -1;
    const d = numeric ? compareDigits(sa, sb) : compareStrings(sa, sb);
    if (d !== 0) return d;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i < a.length ? 1 : -1;
}

function compareRelease(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return rpmvercmp(a, b);
}

export const rpmComparator: VersionComparator = {
  name: 'rpm',
  compare(a, b) {
    const x = parse(a);
    const y = parse(b);
    return (
      rpmvercmp(x.epoch, y.epoch) ||
      rpmvercmp(x.version, y.version) ||
      compareRelease(x.release, y.release)
    );
  },
  valid(v) {
    const { version } = parse(v);
    return /[A-Za-z0-9]/.test(version) && !/\s/.test(v);
  },
};
