/**
 * Alpine (apk) versions: `number{.number}[letter]{_suffix[number]}[~hash][-rN]`.
 * Parts compare in that order: numbers pairwise (the first by value; a later one with a leading
 * zero as a decimal fraction, i.e. by string), more numbers is newer; no letter sorts before a
 * letter; the pre-release suffixes `_alpha` < `_beta` < `_pre` < `_rc` sort before no suffix and
 * the post-release ones `_cvs` < `_svn` < `_git` < `_hg` < `_p` after it; the revision `-rN`
 * (missing = 0) compares by value. Commit hashes carry no order and are ignored.
 *
 * Strings outside the grammar still occur in secdb and package data and need a stable place:
 * two strings that break the grammar before the revision compare as plain strings; otherwise
 * they compare part by part, and text left over after the revision ranks a version below the
 * same version without it.
 */
import type { VersionComparator } from './comparator.ts';
import { compareDigits, compareStrings } from './digits.ts';

const SUFFIXES = ['alpha', 'beta', 'pre', 'rc', '', 'cvs', 'svn', 'git', 'hg', 'p'];
/** Weight of "no suffix" at this position: between the pre- and post-release suffixes. */
const NO_SUFFIX = SUFFIXES.indexOf('');

interface Suffix {
  weight: number;
  number: string;
}

interface ApkVersion {
  original: string;
  numbers: string[];
  letter: string;
  suffixes: Suffix[];
  revision: string;
  /** Text that follows a well-formed revision. */
  trailing: string;
  /** The string breaks the grammar before its revision. */
  malformed: boolean;
}

const NUMBERS = /^(?:\d+\.?)*/;
const SUFFIX = /^_(alpha|beta|pre|rc|cvs|svn|git|hg|p)(\d*)/;
const HASH = /^~[0-9a-f]+/;
const REVISION = /^-r(\d*)/;

function parse(original: string): ApkVersion {
  let rest = original;
  const numbersText = NUMBERS.exec(rest)![0];
  rest = rest.slice(numbersText.length);
  // `1.` or `1..2`: an empty number component.
  let malformed = numbersText.endsWith('.');
  const numbers = numbersText.split('.').filter((n) => n !== '');

  let letter = '';
  if (/^[a-z]/.test(rest)) {
    letter = rest[0];
    rest = rest.slice(1);
  }

  const suffixes: Suffix[] = [];
  for (let m = SUFFIX.exec(rest); m; m = SUFFIX.exec(rest)) {
    suffixes.push({ weight: SUFFIXES.indexOf(m[1]), number: m[2] });
    rest = rest.slice(m[0].length);
  }

  const hash = HASH.exec(rest);
  if (hash) rest = rest.slice(hash[0].length);

  let revision = '';
  if (rest !== '') {
    const m = REVISION.exec(rest);
    if (m) {
      revision = m[1];
      rest = rest.slice(m[0].length);
    } else {
      malformed = true;
    }
  }
  return { original, numbers, letter, suffixes, revision, trailing: rest, malformed };
}

function compareNumber(a: string, b: string, first: boolean): number {
  if (!first && (a.startsWith('0') || b.startsWith('0'))) return compareStrings(a, b);
  return compareDigits(a, b);
}

function compareNumbers(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = compareNumber(a[i], b[i], i === 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function compareSuffixes(a: Suffix[], b: Suffix[]): number {
  const none: Suffix = { weight: NO_SUFFIX, number: '' };
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? none;
    const y = b[i] ?? none;
    const d = x.weight - y.weight || compareDigits(x.number, y.number);
    if (d !== 0) return d;
  }
  return 0;
}

function compareParsed(x: ApkVersion, y: ApkVersion): number {
  if (x.malformed && y.malformed) return compareStrings(x.original, y.original);
  return (
    compareNumbers(x.numbers, y.numbers) ||
    (x.letter === '' || y.letter === ''
      ? Number(x.letter !== '') - Number(y.letter !== '')
      : compareStrings(x.letter, y.letter)) ||
    compareSuffixes(x.suffixes, y.suffixes) ||
    compareDigits(x.revision, y.revision) ||
    Number(x.trailing === '') - Number(y.trailing === '')
  );
}

export const apkComparator: VersionComparator = {
  name: 'apk',
  compare: (a, b) => compareParsed(parse(a), parse(b)),
  valid(v) {
    const p = parse(v);
    return p.numbers.length > 0 && !p.malformed && p.trailing === '';
  },
};
