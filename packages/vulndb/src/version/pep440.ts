/**
 * Python package versions (PEP 440): `[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]`, with the
 * spelling variants the specification normalises (`alpha`, `c`, `pre`, `preview`, `rev`, `r`,
 * `-N` post-releases, optional separators, leading `v`, any case).
 *
 * Strings outside PEP 440 are ordered the way setuptools' legacy `parse_version` did, before
 * every PEP 440 version, so historic releases still have a place; `valid` rejects them because
 * current pip does.
 */
import type { VersionComparator } from './comparator.ts';
import { compareDigits, compareStrings, isDigit, sign } from './digits.ts';

const PEP440 = new RegExp(
  '^\\s*v?' +
    '(?:(\\d+)!)?' + // epoch
    '(\\d+(?:\\.\\d+)*)' + // release
    '(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\\d*))?' + // pre-release
    '(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d*))?' + // post-release
    '(?:[-_.]?(dev)[-_.]?(\\d*))?' + // development release
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?' + // local version label
    '\\s*$',
  'i',
);

const PRE_PHASE = new Map([['a', 0], ['alpha', 0], ['b', 1], ['beta', 1], ['c', 2], ['rc', 2], ['pre', 2], ['preview', 2]]);

/**
 * A part of the sort key that may be absent; absence sorts at a fixed end. `rank` −1 sorts
 * before every present value, +1 after; present values have rank 0 and compare by `value`.
 */
interface Slot {
  rank: -1 | 0 | 1;
  value: string;
}

interface Pep440Version {
  epoch: string;
  release: string[];
  /** Pre-release as phase (0 a, 1 b, 2 rc) and number. */
  pre: Slot & { phase: number };
  post: Slot;
  dev: Slot;
  local: string[] | undefined;
}

function parsePep440(v: string): Pep440Version | undefined {
  const m = PEP440.exec(v);
  if (!m) return undefined;
  const [, epoch, release, preL, preN, postImplicit, postL, postN, devL, devN, local] = m;
  const hasPost = postImplicit !== undefined || postL !== undefined;
  const releaseParts = release.split('.');
  while (releaseParts.length > 1 && /^0+$/.test(releaseParts[releaseParts.length - 1])) releaseParts.pop();
  return {
    epoch: epoch ?? '0',
    release: releaseParts,
    // A bare dev release (1.0.dev1) sorts before every pre-release of the same version.
    pre: preL
      ? { rank: 0, phase: PRE_PHASE.get(preL.toLowerCase())!, value: preN }
      : { rank: !hasPost && devL ? -1 : 1, phase: 0, value: '' },
    post: hasPost ? { rank: 0, value: postImplicit ?? postN } : { rank: -1, value: '' },
    dev: devL ? { rank: 0, value: devN } : { rank: 1, value: '' },
    local: local?.toLowerCase().split(/[-_.]/),
  };
}

function compareSlot(a: Slot, b: Slot): number {
  return a.rank - b.rank || (a.rank === 0 ? compareDigits(a.value, b.value) : 0);
}

function compareRelease(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (d !== 0) return d;
  }
  return 0;
}

/** Local labels: segment by segment, numbers above words, then the longer label. */
function compareLocal(a: string[] | undefined, b: string[] | undefined): number {
  if (!a || !b) return Number(a !== undefined) - Number(b !== undefined);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const an = /^\d+$/.test(a[i]);
    const bn = /^\d+$/.test(b[i]);
    const d = an !== bn ? Number(an) - Number(bn) : an ? compareDigits(a[i], b[i]) : compareStrings(a[i], b[i]);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function comparePep440(a: Pep440Version, b: Pep440Version): number {
  return (
    compareDigits(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    a.pre.rank - b.pre.rank ||
    a.pre.phase - b.pre.phase ||
    compareSlot(a.pre, b.pre) ||
    compareSlot(a.post, b.post) ||
    compareSlot(a.dev, b.dev) ||
    compareLocal(a.local, b.local)
  );
}

const LEGACY_TOKEN = /(\d+|[a-z]+|\.|-)/;
const LEGACY_ALIAS = new Map([['pre', 'c'], ['preview', 'c'], ['-', 'final-'], ['rc', 'c'], ['dev', '@']]);

/**
 * setuptools' legacy key: numbers zero-padded to eight digits, words prefixed with `*`, trailing
 * zeros and `final-` markers dropped before a pre-release word, `*final` appended.
 */
function legacyKey(v: string): string[] {
  const key: string[] = [];
  const parts = v
    .toLowerCase()
    .split(LEGACY_TOKEN)
    .map((p) => LEGACY_ALIAS.get(p) ?? p)
    .filter((p) => p !== '' && p !== '.')
    .map((p) => (isDigit(p[0]) ? p.padStart(8, '0') : `*${p}`));
  for (const part of [...parts, '*final']) {
    if (part.startsWith('*')) {
      if (part < '*final') while (key.at(-1) === '*final-') key.pop();
      while (key.at(-1) === '00000000') key.pop();
    }
    key.push(part);
  }
  return key;
}

function compareLegacy(a: string, b: string): number {
  const x = legacyKey(a);
  const y = legacyKey(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = compareStrings(x[i], y[i]);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

export const pep440Comparator: VersionComparator = {
  name: 'pep440',
  compare(a, b) {
    const x = parsePep440(a);
    const y = parsePep440(b);
    if (x && y) return comparePep440(x, y);
    if (x || y) return x ? 1 : -1; // legacy versions sort before all PEP 440 ones
    return sign(compareLegacy(a, b));
  },
  valid: (v) => parsePep440(v) !== undefined,
};
