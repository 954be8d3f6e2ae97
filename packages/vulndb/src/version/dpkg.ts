/**
 * Debian package versions (Debian Policy §5.6.12): `[epoch:]upstream[-revision]`.
 * Epochs compare numerically; upstream and revision each compare by alternating runs of
 * non-digits (character by character: `~` before the end of the string, the end before letters,
 * letters before every other character) and digits (numerically). A missing revision equals `0`.
 */
import type { VersionComparator } from './comparator.ts';
import { compareDigits, isAsciiLetter, isDigit } from './digits.ts';

interface DpkgVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

function parse(v: string): DpkgVersion {
  const colon = v.indexOf(':');
  const epoch = colon < 0 ? '0' : v.slice(0, colon);
  const rest = colon < 0 ? v : v.slice(colon + 1);
  const dash = rest.lastIndexOf('-');
  return dash < 0
    ? { epoch, upstream: rest, revision: '' }
    : { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) };
}

/** Sort weight of one character in a non-digit run; `undefined` is the end of the run. */
function weight(c: string | undefined): number {
  if (c === undefined || isDigit(c)) return 0;
  if (c === '~') return -1;
  if (isAsciiLetter(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** dpkg's `verrevcmp` over one upstream or revision part. */
function comparePart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const d = weight(a[i]) - weight(b[j]);
      if (d !== 0) return d;
      i++;
      j++;
    }
    const si = i;
    const sj = j;
    while (isDigit(a[i])) i++;
    while (isDigit(b[j])) j++;
    const d = compareDigits(a.slice(si, i), b.slice(sj, j));
    if (d !== 0) return d;
  }
  return 0;
}

const EPOCH = /^\d+$/;
const UPSTREAM = /^[A-Za-z0-9.+~:-]+$/;
const REVISION = /^[A-Za-z0-9.+~]+$/;

export const dpkgComparator: VersionComparator = {
  name: 'dpkg',
  compare(a, b) {
    const x = parse(a);
    const y = parse(b);
    return (
      compareDigits(x.epoch, y.epoch) ||
      comparePart(x.upstream, y.upstream) ||
      comparePart(x.revision, y.revision)
    );
  },
  valid(v) {
    const { epoch, upstream, revision } = parse(v);
    const hasRevision = v.lastIndexOf('-') > v.indexOf(':');
    return (
      EPOCH.test(epoch) &&
      UPSTREAM.test(upstream) &&
      (!hasRevision || REVISION.test(revision))
    );
  },
};
