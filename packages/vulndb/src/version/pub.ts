/**
 * Dart Pub versions: semantic versions whose build metadata, unlike SemVer's, takes part in the
 * order: `1.0.0-pre` < `1.0.0-pre+build` < `1.0.0` < `1.0.0+build`, builds comparing like
 * pre-release identifiers.
 */
import { compareIdentifiers, compareSemverPrecedence, semverOrder, type SemVer } from './semver.ts';

function comparePub(a: SemVer, b: SemVer): number {
  const d = compareSemverPrecedence(a, b);
  if (d !== 0) return d;
  const ab = a.build.length > 0;
  const bb = b.build.length > 0;
  if (!ab || !bb) return Number(ab) - Number(bb); // a build outranks the bare version
  return compareIdentifiers(a.build, b.build);
}

export const pubComparator = semverOrder('pub', comparePub);
