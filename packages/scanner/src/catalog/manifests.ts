/**
 * Linking project manifests (package.json, Cargo.toml) to the lockfiles beside them.
 *
 * Catalogers see one file each, and a lockfile alone cannot say which entries only development
 * needs (yarn.lock, Cargo.lock record no such flag) nor which entry is the project itself. The
 * manifest in the same directory can. After layers are applied, each lockfile result in
 * directory D gets the manifest at D of its packages' ecosystem:
 *   - the project becomes the lockfile's root package (an existing entry of that name and
 *     version, as Cargo.lock lists the project crate, or a new one located at the manifest);
 *   - dev flags follow reachability over `dependsOn` from the manifest's direct dependencies:
 *     reachable from a production one → production; reachable only from development ones →
 *     dev; reachable from neither → as the lockfile said;
 *   - direct dependencies are not indirect, the rest reachable from them are.
 * Lockfile entries that no direct dependency explains (workspace members' dependencies, path
 * crates the manifest does not name) count as production roots of their own, so that what they
 * need is never marked dev. A flag the lockfile states itself is never overwritten. Every doubt
 * leans towards production: a dev package is not matched by default, and a missed production
 * vulnerability costs more than a reported dev one.
 */
import { posix } from 'node:path';
import type { Package } from '@vigil/schema';
import { PackageURL } from 'packageurl-js';
import type { SurvivingResult } from '../layers.ts';
import type { CatalogResult, ProjectManifest } from './cataloger.ts';
import { indexById, packageId, reachable } from './manifest/dependency-graph.ts';

interface FoundManifest {
  path: string;
  manifest: ProjectManifest;
}

export function linkManifests(results: readonly SurvivingResult<CatalogResult>[]): SurvivingResult<CatalogResult>[] {
  const manifests = new Map<string, FoundManifest>();
  const keyOf = (path: string, ecosystem: string) => `${posix.dirname(path)}\0${ecosystem}`;
  for (const { path, result } of results) {
    if (result.manifest) manifests.set(keyOf(path, result.manifest.ecosystem), { path, manifest: result.manifest });
  }
  return results.map((r) => {
    const packages = r.result.packages;
    if (!packages?.length || manifests.size === 0) return r;
    let linked = packages;
    for (const ecosystem of new Set(packages.map((p) => p.ecosystem))) {
      const found = manifests.get(keyOf(r.path, ecosystem));
      if (found) linked = linkProject(linked, ecosystem, found);
    }
    return linked === packages ? r : { ...r, result: { ...r.result, packages: linked } };
  });
}

/** The lockfile's packages with the manifest applied to those of `ecosystem`; inputs are not mutated. */
function linkProject(packages: readonly Package[], ecosystem: string, { path, manifest }: FoundManifest): Package[] {
  const linked = packages.map((p) => (p.ecosystem === ecosystem ? { ...p } : p));
  const own = linked.filter((p) => p.ecosystem === ecosystem);

  let root = own.find((p) => p.root);
  let added: Package | undefined;
  if (!root && manifest.project) {
    const { name, version } = manifest.project;
    const named = own.filter((p) => p.name === name && (version === undefined || p.version === version));
    // Several candidates (no version in the manifest, several locked): none is known to be the project.
    if (named.length === 1) {
      root = named[0];
      root.root = true;
    } else if (named.length === 0) {
      root = added = projectPackage(own[0], name, version ?? '', path);
    }
  }

  const byName = new Map<string, Package[]>();
  for (const p of own) if (p !== root) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const rootEdges = new Set(root?.dependsOn ?? []);
  // A name the root's own locked edges pin (Cargo.lock's `memchr 1.0.2`) means that entry; otherwise
  // every locked entry of the name, which errs towards production.
  const directOf = (names: readonly string[]) =>
    names.flatMap((n) => {
      const all = byName.get(n) ?? [];
      const pinned = all.filter((p) => rootEdges.has(packageId(p)));
      return pinned.length ? pinned : all;
    });
  const prodDirect = directOf(manifest.dependencies);
  const devDirect = directOf(manifest.devDependencies);
  if (added) added.dependsOn = [...new Set([...prodDirect, ...devDirect].map(packageId))];

  const byId = indexById(own);
  const prod = reachable(prodDirect, byId, root);
  const dev = reachable(devDirect, byId, root);
  const unexplained = reachable(
    own.filter((p) => p !== root && !prod.has(p) && !dev.has(p)),
    byId,
    root,
  );
  const direct = new Set([...prodDirect, ...devDirect]);
  for (const p of own) {
    if (p === root) continue;
    if (p.dev === undefined) {
      if (prod.has(p)) p.dev = false;
      else if (dev.has(p) && !unexplained.has(p)) p.dev = true;
    }
    if (p.indirect === undefined && (prod.has(p) || dev.has(p))) p.indirect = !direct.has(p);
  }
  return added ? [added, ...linked] : linked;
}

/** The project as a package of the lockfile's kind, located at its manifest. */
function projectPackage(like: Package, name: string, version: string, manifestPath: string): Package {
  // purl namespaces are the part before the last slash (`@scope/name`, `vendor/name`).
  const slash = name.lastIndexOf('/');
  const purl = new PackageURL(
    like.type,
    slash > 0 ? name.slice(0, slash) : undefined,
    name.slice(slash + 1),
    version || undefined,
    undefined,
    undefined,
  ).toString();
  return { name, version, type: like.type, ecosystem: like.ecosystem, purl, root: true, locations: [{ path: manifestPath }] };
}
