/**
 * Advisory ecosystems and package-name normalisation. One function decides how a name is keyed,
 * used both when importing advisories and when looking a scanned package up, so the two can
 * never disagree. Names are only ever compared within one ecosystem.
 */

/** The base of an ecosystem key: `Debian:12` → `Debian`. */
export function ecosystemBase(ecosystem: string): string {
  const i = ecosystem.indexOf(':');
  return i < 0 ? ecosystem : ecosystem.slice(0, i);
}

/** The release part of an ecosystem key: `Alpine:v3.19` → `v3.19`; undefined when none. */
export function ecosystemRelease(ecosystem: string): string | undefined {
  const i = ecosystem.indexOf(':');
  return i < 0 ? undefined : ecosystem.slice(i + 1);
}

/** Normalise a package name the way its ecosystem's registry treats names as equal. */
export function normalizePackageName(ecosystem: string, name: string): string {
  switch (ecosystemBase(ecosystem)) {
    case 'PyPI':
      // PEP 503: runs of -, _ and . are equivalent, case-insensitive.
      return name.toLowerCase().replace(/[-_.]+/g, '-');
    case 'Packagist':
    case 'NuGet':
      return name.toLowerCase();
    case 'Go':
      return name; // module paths are case-sensitive
    case 'Maven':
      return name.replace(/\//g, ':'); // group:artifact
    default:
      return name;
  }
}
