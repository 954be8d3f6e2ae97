/**
 * Turning what a Python lockfile, requirements file or installed metadata says into `Package`
 * records. Names are kept as written; matching normalises them (PEP 503) later.
 */
import { PackageURL } from 'packageurl-js';
import type { Package } from '@vigil/schema';
import { locationOf, type CatalogFile } from '../cataloger.ts';
import { mergeDuplicates } from '../../packages.ts';
import { keepKnownEdges } from '../manifest/dependency-graph.ts';

export interface PypiEntry {
  name: string;
  version: string;
  dev?: boolean;
  indirect?: boolean;
  /** The project the lockfile was made for. */
  root?: boolean;
  /** `name@version` of the entries it depends on. */
  dependsOn?: string[];
  licenses?: string[];
}

/** PEP 508 project names. */
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
/** PEP 440 versions, plus legacy forms old sdists still carry (`0.5.0-beta`); no wildcards. */
const VERSION = /^[A-Za-z0-9!][A-Za-z0-9.!+_-]*$/;

export function isPypiName(name: string): boolean {
  return NAME.test(name);
}

export function isPypiVersion(version: string): boolean {
  return VERSION.test(version);
}

/**
 * Packages for the valid entries; one listed several times in a file becomes one package. Edges
 * to entries that are not reported are dropped.
 */
export function pypiPackages(entries: Iterable<PypiEntry>, file: Pick<CatalogFile, 'path' | 'layer'>): Package[] {
  const location = locationOf(file);
  const packages: Package[] = [];
  for (const e of entries) {
    const name = e.name.trim();
    const version = e.version.trim();
    if (!isPypiName(name) || !isPypiVersion(version)) continue;
    const pkg: Package = {
      name,
      version,
      type: 'pypi',
      ecosystem: 'PyPI',
      purl: new PackageURL('pypi', undefined, name, version, undefined, undefined).toString(),
      locations: [location],
    };
    if (e.dev !== undefined) pkg.dev = e.dev;
    if (e.indirect !== undefined) pkg.indirect = e.indirect;
    if (e.root) pkg.root = true;
    if (e.dependsOn?.length) pkg.dependsOn = e.dependsOn;
    if (e.licenses?.length) pkg.licenses = e.licenses;
    packages.push(pkg);
  }
  return keepKnownEdges(mergeDuplicates(packages));
}
