import type { Package } from '@vigil/schema';

/**
 * One package entry per (type, ecosystem, name, version, source): a package listed by a lockfile
 * and installed under node_modules, or installed at several paths, is one package with several
 * locations. It is a dev dependency only if every place that lists it says so, the project root
 * if any place says so, and it depends on everything any place says it depends on.
 */
export function mergeDuplicates(packages: readonly Package[]): Package[] {
  const byKey = new Map<string, Package>();
  for (const pkg of packages) {
    const key = [pkg.type, pkg.ecosystem, pkg.name, pkg.version, pkg.source?.name ?? '', pkg.source?.version ?? ''].join('\0');
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...pkg, locations: [...pkg.locations] });
      continue;
    }
    for (const loc of pkg.locations) {
      if (!seen.locations.some((l) => l.path === loc.path && l.layer === loc.layer)) seen.locations.push(loc);
    }
    if (seen.dev && !pkg.dev) seen.dev = pkg.dev;
    if (seen.indirect && !pkg.indirect) seen.indirect = pkg.indirect;
    if (!seen.licenses?.length && pkg.licenses?.length) seen.licenses = pkg.licenses;
    if (pkg.root) seen.root = true;
    if (pkg.dependsOn?.length) seen.dependsOn = [...new Set([...(seen.dependsOn ?? []), ...pkg.dependsOn])];
  }
  return [...byKey.values()];
}
