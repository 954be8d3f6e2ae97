/**
 * What a cataloger found: one installed or declared software package.
 */

/** Kind of package database or manifest a package came from. Matches purl types. */
export type PackageType =
  | 'deb'
  | 'apk'
  | 'rpm'
  | 'npm'
  | 'pypi'
  | 'gem'
  | 'golang'
  | 'maven'
  | 'composer'
  | 'cargo'
  | 'nuget';

/** Where a package was found: a path inside the scanned target and, for images, the layer. */
export interface Location {
  /** POSIX path relative to the scan root, no leading slash (`var/lib/dpkg/status`). */
  path: string;
  /** Digest (`sha256:…`) of the layer the file came from, for image targets. */
  layer?: string;
}

export interface Package {
  name: string;
  version: string;
  type: PackageType;
  /**
   * Advisory ecosystem, in OSV's naming: `npm`, `PyPI`, `Go`, `Maven`, `RubyGems`, `Packagist`,
   * `crates.io`, `NuGet`; OS packages get `Debian:12`, `Alpine:v3.19`, … once the OS is known.
   */
  ecosystem: string;
  purl?: string;
  /** Source package (dpkg `Source:`, rpm source rpm, apk origin) that advisories name. */
  source?: { name: string; version?: string };
  arch?: string;
  licenses?: string[];
  /** Declared only for development (lockfile dev flags). */
  dev?: boolean;
  /** True when a lockfile says it is not a direct dependency. */
  indirect?: boolean;
  /**
   * The scanned project itself (the root of a lockfile or manifest), listed so an SBOM is complete.
   * Never matched against advisories: a local project that shares a registry name is not that
   * registry package.
   */
  root?: boolean;
  /** Packages this one depends on, as `name@version` of packages in the same report. */
  dependsOn?: string[];
  locations: Location[];
  /** Cataloger-specific facts kept for reports (e.g. Maven groupId, Go main module flag). */
  metadata?: Record<string, unknown>;
}

/** Operating system identity from os-release (or the distro's own release files). */
export interface OSInfo {
  /** os-release ID: `debian`, `ubuntu`, `alpine`, `rhel`, `centos`, `rocky`, `almalinux`, `amzn`, … */
  id: string;
  /** os-release VERSION_ID (`12`, `3.19.1`, `22.04`); may be absent on rolling releases. */
  versionId?: string;
  /** VERSION_CODENAME (`bookworm`, `jammy`) when the distro has one. */
  codename?: string;
  prettyName?: string;
  /** ID_LIKE, split on whitespace. */
  idLike?: string[];
}
