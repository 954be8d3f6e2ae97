/**
 * Whether a VEX statement's purl names a scanned package. A statement purl may be less specific
 * than the package's: no version means every version, and only the qualifiers it gives must
 * agree (`pkg:deb/debian/openssl` covers `pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=…`).
 */
import { PackageURL } from 'packageurl-js';

export function parsePurl(purl: string): PackageURL | undefined {
  try {
    return PackageURL.fromString(purl);
  } catch {
    return undefined;
  }
}

export function purlCovers(statement: PackageURL, pkg: PackageURL): boolean {
  if (statement.type !== pkg.type || statement.name !== pkg.name) return false;
  if ((statement.namespace ?? '') !== (pkg.namespace ?? '')) return false;
  if (statement.version !== undefined && statement.version !== pkg.version) return false;
  if (statement.subpath !== undefined && statement.subpath !== pkg.subpath) return false;
  for (const [key, value] of Object.entries(statement.qualifiers ?? {})) {
    if (pkg.qualifiers?.[key] !== value) return false;
  }
  return true;
}
