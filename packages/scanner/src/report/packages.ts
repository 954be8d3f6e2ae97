/** How reports identify and group packages. */
import { PackageURL } from 'packageurl-js';
import type { Package, PackageType } from '@vigil/schema';

const OS_TYPES: ReadonlySet<PackageType> = new Set(['deb', 'apk', 'rpm']);

/** Packages of the OS package manager, which reports group under the operating system. */
export function isOsPackage(type: PackageType): boolean {
  return OS_TYPES.has(type);
}

/** Identity of a package across `packages` and `findings[].package`. */
export function packageKey(p: Pick<Package, 'type' | 'ecosystem' | 'name' | 'version'>): string {
  return `${p.type}\u0000${p.ecosystem}\u0000${p.name}\u0000${p.version}`;
}

/** Purl types that keep part of the package name in the namespace, and the separator they use. */
const NAMESPACE_SEPARATOR: Partial<Record<PackageType, string>> = { maven: ':', npm: '/', golang: '/', composer: '/' };

/**
 * A package's purl. Catalogers set one on every package they can; for the rest this builds the
 * plain form (type, namespace, name, version) so every SBOM component stays identifiable. A name
 * its type rejects (a Maven artifact without group) is kept as a `generic` purl rather than lost.
 */
export function packagePurl(pkg: Package): string {
  if (pkg.purl) return pkg.purl;
  const sep = NAMESPACE_SEPARATOR[pkg.type];
  const at = sep ? pkg.name.lastIndexOf(sep) : -1;
  const [namespace, name] = at > 0 ? [pkg.name.slice(0, at), pkg.name.slice(at + 1)] : [undefined, pkg.name];
  const version = pkg.version || undefined;
  try {
    return new PackageURL(pkg.type, namespace, name, version, undefined, undefined).toString();
  } catch {
    return new PackageURL('generic', undefined, pkg.name, version, undefined, undefined).toString();
  }
}
