/**
 * The dependency graph lockfile catalogers record in `Package.dependsOn` (`name@version` ids of
 * packages of the same file), and walking it.
 */
import type { Package } from '@vigil/schema';

export function packageId(pkg: Pick<Package, 'name' | 'version'>): string {
  return `${pkg.name}@${pkg.version}`;
}

/** Packages by id; one id may name several (a crate from crates.io and its git fork). */
export function indexById(packages: Iterable<Package>): Map<string, Package[]> {
  const byId = new Map<string, Package[]>();
  for (const pkg of packages) {
    const id = packageId(pkg);
    const same = byId.get(id);
    if (same) same.push(pkg);
    else byId.set(id, [pkg]);
  }
  return byId;
}

/**
 * Keep only edges that name a package of the same file, once each and never to itself, so that
 * edges to entries a cataloger skipped (local code, invalid versions) do not dangle. Mutates the
 * freshly built packages it is given.
 */
export function keepKnownEdges(packages: Package[]): Package[] {
  const known = new Set(packages.map(packageId));
  for (const pkg of packages) {
    if (!pkg.dependsOn) continue;
    const self = packageId(pkg);
    const edges = [...new Set(pkg.dependsOn)].filter((id) => id !== self && known.has(id));
    if (edges.length) pkg.dependsOn = edges;
    else delete pkg.dependsOn;
  }
  return packages;
}

/** `start` and every package reachable from it over `dependsOn`, never entering `except`. */
export function reachable(start: Iterable<Package>, byId: ReadonlyMap<string, readonly Package[]>, except?: Package): Set<Package> {
  const seen = new Set<Package>();
  const stack = [...start];
  while (stack.length) {
    const pkg = stack.pop() as Package;
    if (pkg === except || seen.has(pkg)) continue;
    seen.add(pkg);
    for (const id of pkg.dependsOn ?? []) stack.push(...(byId.get(id) ?? []));
  }
  return seen;
}
