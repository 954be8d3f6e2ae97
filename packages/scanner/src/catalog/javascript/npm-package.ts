/**
 * Turning what a JavaScript lockfile or manifest says into `Package` records.
 */
import { PackageURL } from 'packageurl-js';
import type { Package } from '@vigil/schema';
import { locationOf, type CatalogFile } from '../cataloger.ts';
import { mergeDuplicates } from '../../packages.ts';
import { keepKnownEdges } from '../manifest/dependency-graph.ts';

export interface NpmEntry {
  name: string;
  version: string;
  dev?: boolean;
  indirect?: boolean;
  licenses?: string[];
  /** `name@version` of the entries it depends on. */
  dependsOn?: string[];
  metadata?: Record<string, unknown>;
}

/**
 * Registry versions are strict SemVer. Anything else a lockfile puts there (`file:…`,
 * `github:u/r#sha`, `link:…`) is not a published release and could only cause false matches.
 */
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
/** npm names: optional `@scope/`, no whitespace, no further slashes. Legacy names may be upper-case. */
const NAME = /^(?:@[^\s/@]+\/)?[^\s/@][^\s/]*$/;

export function isRegistryVersion(version: string): boolean {
  return SEMVER.test(version);
}

export function isNpmName(name: string): boolean {
  return NAME.test(name);
}

/** Split `name@version` (the name may be scoped: `@scope/name@1.0.0`). */
export function splitNameAtVersion(spec: string): { name: string; version: string } | undefined {
  const at = spec.indexOf('@', 1);
  if (at < 0) return undefined;
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

/**
 * The package an alias range installs: `npm:real@^1` and `npm:real` name `real`. `npm:^1.2.0`
 * (the registry protocol spelled out on a plain range) names no other package.
 */
export function aliasTarget(range: string): string | undefined {
  if (!range.startsWith('npm:')) return undefined;
  const target = range.slice(4);
  const split = splitNameAtVersion(target);
  if (split) return split.name;
  return /^[\^~<>=*\d]/.test(target) || !isNpmName(target) ? undefined : target;
}

export function npmPurl(name: string, version: string): string {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  const namespace = slash > 0 ? name.slice(0, slash) : undefined;
  return new PackageURL('npm', namespace, slash > 0 ? name.slice(slash + 1) : name, version, undefined, undefined).toString();
}

/**
 * Packages for the valid entries; an entry listed several times in one file becomes one package.
 * Edges to entries that are not reported (invalid, local) are dropped.
 */
export function npmPackages(entries: Iterable<NpmEntry>, file: Pick<CatalogFile, 'path' | 'layer'>): Package[] {
  const location = locationOf(file);
  const packages: Package[] = [];
  for (const e of entries) {
    if (!isNpmName(e.name) || !isRegistryVersion(e.version)) continue;
    const pkg: Package = {
      name: e.name,
      version: e.version,
      type: 'npm',
      ecosystem: 'npm',
      purl: npmPurl(e.name, e.version),
      locations: [location],
    };
    if (e.dev !== undefined) pkg.dev = e.dev;
    if (e.indirect !== undefined) pkg.indirect = e.indirect;
    if (e.licenses?.length) pkg.licenses = e.licenses;
    if (e.dependsOn?.length) pkg.dependsOn = e.dependsOn;
    if (e.metadata) pkg.metadata = e.metadata;
    packages.push(pkg);
  }
  return keepKnownEdges(mergeDuplicates(packages));
}
