/**
 * Go module records as `Package`s: what a binary or a module file says was compiled in.
 */
import { PackageURL } from 'packageurl-js';
import type { Package } from '@vigil/schema';
import { locationOf, type CatalogFile } from '../cataloger.ts';

/** Version Go records for code built from a local directory rather than a published module. */
export const DEVEL_VERSION = '(devel)';
/** OSV's Go ecosystem names the standard library `stdlib`. */
export const STDLIB = 'stdlib';

export interface GoModuleEntry {
  path: string;
  version: string;
  indirect?: boolean;
  arch?: string;
  metadata?: Record<string, unknown>;
}

/** `replace` targets that are directories (`./x`, `../x`, `/abs`, `C:\x`) rather than module paths. */
export function isLocalPath(path: string): boolean {
  return /^(?:\.{1,2}(?:[/\\]|$)|\/|[A-Za-z]:[/\\])/.test(path);
}

export function goPurl(path: string, version: string, arch?: string): string {
  const slash = path.lastIndexOf('/');
  const namespace = slash > 0 ? path.slice(0, slash) : undefined;
  const name = slash > 0 ? path.slice(slash + 1) : path;
  const purlVersion = version === DEVEL_VERSION ? undefined : version;
  return new PackageURL('golang', namespace, name, purlVersion, arch ? { arch } : undefined, undefined).toString();
}

export function goPackage(entry: GoModuleEntry, file: Pick<CatalogFile, 'path' | 'layer'>): Package {
  const pkg: Package = {
    name: entry.path,
    version: entry.version,
    type: 'golang',
    ecosystem: 'Go',
    purl: goPurl(entry.path, entry.version, entry.arch),
    locations: [locationOf(file)],
  };
  if (entry.arch) pkg.arch = entry.arch;
  if (entry.indirect) pkg.indirect = true;
  if (entry.metadata && Object.keys(entry.metadata).length) pkg.metadata = entry.metadata;
  return pkg;
}
