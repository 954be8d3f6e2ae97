/**
 * Turning what a .NET lock, deps or config file says about a NuGet package into `Package`
 * records. IDs are kept in the case the file uses; NuGet and OSV compare them case-insensitively.
 */
import { PackageURL } from 'packageurl-js';
import type { Package } from '@vigil/schema';
import { locationOf, type CatalogFile } from '../cataloger.ts';
import { mergeDuplicates } from '../../packages.ts';
import { keepKnownEdges } from '../manifest/dependency-graph.ts';

export interface NugetEntry {
  name: string;
  version: string;
  dev?: boolean;
  indirect?: boolean;
  /** The application itself. */
  root?: boolean;
  /** `name@version` of the entries it depends on. */
  dependsOn?: string[];
  metadata?: Record<string, unknown>;
}

/** NuGet's rule for package IDs. */
const ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** NuGet versions: 1 to 4 numeric parts, optional SemVer 2 pre-release and build metadata. */
const VERSION = /^\d+(?:\.\d+){0,3}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Packages for the valid entries; an entry listed several times in one file becomes one package.
 * Edges to entries that are not reported are dropped.
 */
export function nugetPackages(entries: Iterable<NugetEntry>, file: Pick<CatalogFile, 'path' | 'layer'>): Package[] {
  const location = locationOf(file);
  const packages: Package[] = [];
  for (const e of entries) {
    if (!ID.test(e.name) || !VERSION.test(e.version)) continue;
    const pkg: Package = {
      name: e.name,
      version: e.version,
      type: 'nuget',
      ecosystem: 'NuGet',
      purl: new PackageURL('nuget', undefined, e.name, e.version, undefined, undefined).toString(),
      locations: [location],
    };
    if (e.dev !== undefined) pkg.dev = e.dev;
    if (e.indirect !== undefined) pkg.indirect = e.indirect;
    if (e.root) pkg.root = true;
    if (e.dependsOn?.length) pkg.dependsOn = e.dependsOn;
    if (e.metadata) pkg.metadata = e.metadata;
    packages.push(pkg);
  }
  return keepKnownEdges(mergeDuplicates(packages));
}
