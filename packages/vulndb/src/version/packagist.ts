/**
 * Packagist (Composer) versions, ordered as Composer's comparator does through PHP's
 * `version_compare`: an optional `v` prefix is dropped; the string splits into tokens at `.`, `-`,
 * `_`, `+` and at every digit/non-digit transition. Numbers compare by value. Words compare by
 * the stability they start with: any other word < `dev` < `alpha` = `a` < `beta` = `b` <
 * `RC` = `rc` < `#` (where a number stands) < `pl` = `p` (patch); a number against a word counts
 * as `#`. Words match case-sensitively (only `RC` has an upper-case spelling), so `ALPHA` is an
 * unknown word, as it is to `version_compare`. When one side runs out, a number left on the other side makes it newer, and a word is
 * weighed against `#`: `1.0-dev` < `1.0` < `1.0.0` and `1.0` < `1.0-patch1`.
 */
import type { VersionComparator } from './comparator.ts';
import { compareDigits, isDigit, sign } from './digits.ts';

/** Stability words by prefix, in PHP's matching order (`alpha` before `a`, `pl` before `p`). */
const FORMS: [string, number][] = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];
const NUMBER_FORM = 4;

function formOf(word: string): number {
  return FORMS.find(([prefix]) => word.startsWith(prefix))?.[1] ?? -1;
}

function tokens(v: string): string[] {
  return v.replace(/^[vV]/, '').match(/\d+|[^\d._+-]+/g) ?? [];
}

function compareComposer(a: string, b: string): number {
  const x = tokens(a);
  const y = tokens(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const l = x[i];
    const r = y[i];
    let d: number;
    if (l === undefined || r === undefined) {
      const rest = l ?? r;
      const ahead = l === undefined ? -1 : 1;
      d = isDigit(rest[0]) ? ahead : ahead * sign(formOf(rest) - NUMBER_FORM);
    } else if (isDigit(l[0]) && isDigit(r[0])) {
      d = compareDigits(l, r);
    } else {
      d = (isDigit(l[0]) ? NUMBER_FORM : formOf(l)) - (isDigit(r[0]) ? NUMBER_FORM : formOf(r));
    }
    if (d !== 0) return sign(d);
  }
  return 0;
}

/** A release number (optionally `v`-prefixed) or a `dev-` branch, without whitespace. */
const VALID = /^(?:[vV]?\d|dev-)\S*$/;

export const packagistComparator: VersionComparator = {
  name: 'packagist',
  compare: compareComposer,
  valid: (v) => VALID.test(v.trim()),
};
