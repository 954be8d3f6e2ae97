/**
 * Matching installed packages against the advisory database.
 *
 * The rules exist to avoid the false positives users hate most: a package is only ever looked up
 * in its own ecosystem (no guessing from names across ecosystems or distro releases); distro
 * packages are looked up by their source package, which is what distro advisories name, and
 * compared with the source version, which is what their fixed versions are; withdrawn or
 * rejected advisories never surface; aliases collapse into one finding.
 */
import type { Finding, Package } from '@vigil/schema';
import {
  comparatorFor,
  evaluateAffected,
  normalizePackageName,
  type AdvisoryReader,
  type AffectedMatch,
} from '@vigil/vulndb';
import { findingsFor, type Candidate } from './merge.ts';
import { compareFindings } from './order.ts';

/** A name and version to look a package up under. */
interface Lookup {
  name: string;
  version: string;
}

/** Debian binNMU suffix: a rebuild of the same source, `1.2-3+b1` is source version `1.2-3`. */
const BINNMU = /\+b\d+$/;

function rpmEpoch(version: string): string | undefined {
  const m = /^(\d+):/.exec(version);
  return m?.[1];
}

/** Version of the source package, which distro advisories' fixed versions are written in. */
function sourceVersion(pkg: Package): string {
  const given = pkg.source?.version;
  switch (pkg.type) {
    case 'deb':
      return given ?? pkg.version.replace(BINNMU, '');
    case 'rpm': {
      // Source rpm file names carry no epoch, but source and binaries share it.
      if (!given) return pkg.version;
      const epoch = rpmEpoch(pkg.version);
      return epoch && !rpmEpoch(given) ? `${epoch}:${given}` : given;
    }
    default:
      return given ?? pkg.version;
  }
}

function lookupsFor(pkg: Package): Lookup[] {
  switch (pkg.type) {
    case 'deb':
    case 'apk':
      // Debian, Ubuntu and Alpine advisories name source packages only; looking up the binary
      // name too would match an unrelated source package that happens to share it.
      return [{ name: pkg.source?.name ?? pkg.name, version: sourceVersion(pkg) }];
    case 'rpm': {
      // RPM distros differ: some advisories name the source rpm, most (Red Hat, SUSE, Alma,
      // Rocky) name each binary rpm. Both are looked up; aliases merge double hits.
      const source = pkg.source?.name;
      const binary = { name: pkg.name, version: pkg.version };
      return source && source !== pkg.name ? [{ name: source, version: sourceVersion(pkg) }, binary] : [binary];
    }
    default:
      return [{ name: pkg.name, version: pkg.version }];
  }
}

/** Match every package against `db`; one finding per (package, vulnerability), sorted. */
export function matchPackages(packages: readonly Package[], db: AdvisoryReader): Finding[] {
  const withdrawn = new Map<string, boolean>();
  const isWithdrawn = (advisory: AffectedMatch['advisory']): boolean => {
    let hit = withdrawn.get(advisory.id);
    if (hit === undefined) {
      hit = !!advisory.withdrawn || [advisory.id, ...advisory.aliases].some((id) => db.isWithdrawn(id));
      withdrawn.set(advisory.id, hit);
    }
    return hit;
  };

  const findings: Finding[] = [];
  for (const pkg of packages) {
    // No ecosystem means the OS (or the manifest's registry) is unknown: matching anyway would
    // mean guessing a release, which is how scanners report another distro's CVEs.
    // A project's own root entry is not the registry package that may share its name.
    if (!pkg.ecosystem || pkg.root) continue;
    const cmp = comparatorFor(pkg.ecosystem);
    if (!cmp) continue;
    const candidates: Candidate[] = [];
    for (const lookup of lookupsFor(pkg)) {
      if (!lookup.version) continue;
      const name = normalizePackageName(pkg.ecosystem, lookup.name);
      for (const match of db.lookup(pkg.ecosystem, name)) {
        if (match.affected.ecosystem !== pkg.ecosystem || match.affected.status === 'not-affected') continue;
        if (isWithdrawn(match.advisory)) continue;
        const verdict = evaluateAffected(lookup.version, match.affected, cmp);
        if (verdict.affected) candidates.push({ ...match, fixed: verdict.fixed });
      }
    }
    findings.push(...findingsFor(pkg, candidates, cmp));
  }
  return findings.sort(compareFindings);
}
