/**
 * Versions that are plain sequences of non-negative integers, compared number by number with
 * a longer sequence above its own prefix (`1.0` < `1.0.0`): CRAN packages (R's
 * `package_version`, where `.` and `-` both separate) and Hackage packages (the Haskell PVP,
 * `.` only).
 */
import type { VersionComparator } from './comparator.ts';
import { compareDigits, compareStrings } from './digits.ts';

function sequenceComparator(name: string, separator: RegExp): VersionComparator {
  const shape = new RegExp(`^\\d+(?:${separator.source}\\d+)*$`);
  const parse = (v: string): string[] | undefined => {
    const s = v.trim();
    return shape.test(s) ? s.split(separator) : undefined;
  };
  return {
    name,
    compare(a, b) {
      const x = parse(a);
      const y = parse(b);
      // Unparseable strings sort below every version, among themselves as plain strings.
      if (!x || !y) return x || y ? (x ? 1 : -1) : compareStrings(a, b);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const d = compareDigits(x[i], y[i]);
        if (d !== 0) return d;
      }
      return x.length - y.length;
    },
    valid: (v) => parse(v) !== undefined,
  };
}

export const cranComparator = sequenceComparator('cran', /[.-]/);
export const hackageComparator = sequenceComparator('hackage', /\./);
