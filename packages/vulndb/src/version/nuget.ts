/**
 * NuGet versions (NuGet.Versioning): up to four numbers `Major.Minor.Patch.Revision` (missing
 * ones are 0, leading zeros ignored), an optional `-` pre-release of dot-separated labels and
 * `+` metadata that does not take part in the order. A release outranks its pre-releases; labels
 * compare pairwise, numeric ones by value and below alphanumeric ones, which compare
 * case-insensitively; more labels sort higher.
 */
import type { VersionComparator } from './comparator.ts';
import { compareDigits, compareStrings } from './digits.ts';
import { compareIdentifiers } from './semver.ts';

interface NuGetVersion {
  numbers: string[];
  labels: string[];
}

const NUGET = /^\s*(\d+(?:\.\d+){0,3})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?\s*$/;

function parse(v: string): NuGetVersion | undefined {
  const m = NUGET.exec(v);
  if (!m) return undefined;
  return { numbers: m[1].split('.'), labels: m[2] ? m[2].toLowerCase().split('.') : [] };
}

function compareNuGet(a: NuGetVersion, b: NuGetVersion): number {
  for (let i = 0; i < 4; i++) {
    const d = compareDigits(a.numbers[i] ?? '0', b.numbers[i] ?? '0');
    if (d !== 0) return d;
  }
  const ap = a.labels.length > 0;
  const bp = b.labels.length > 0;
  if (!ap || !bp) return Number(bp) - Number(ap); // a release outranks its pre-releases
  return compareIdentifiers(a.labels, b.labels);
}

export const nugetComparator: VersionComparator = {
  name: 'nuget',
  compare(a, b) {
    const x = parse(a);
    const y = parse(b);
    if (x && y) return compareNuGet(x, y);
    // Unparseable strings sort below every version, among themselves case-insensitively.
    if (x || y) return x ? 1 : -1;
    return compareStrings(a.toLowerCase(), b.toLowerCase());
  },
  valid: (v) => parse(v) !== undefined,
};
