/**
 * Cargo.lock, format versions 1 to 4 (v1 has no top-level `version` and keeps checksums in a
 * [metadata] table; the [[package]] entries read the same in all four). Each entry has `name`,
 * `version` and, unless it is built from local source, a `source`: `registry+<index>` or
 * `sparse+<index>` for a registry, `git+<url>#<commit>` for a git dependency.
 *
 * Entries without a source are workspace members and path dependencies. Like Trivy we report
 * them: the lockfile cannot tell a workspace member from a path dependency that vendors a
 * published crate, and such a copy carries that crate's advisories.
 *
 * A (name, version) pair appears twice only with two sources (a crates.io release and a git fork);
 * both are kept, each with its source.
 *
 * Each entry's `dependencies` (`"name"`, `"name version"` or `"name version (source)"`, as
 * precise as needed to be unambiguous) become its `dependsOn`. Which crates only dev-dependencies
 * pull in, which are direct, and which source-less entry is the project itself are known only
 * from the Cargo.toml beside the lockfile (catalog/manifests.ts links the two).
 */
import { readToml } from '../toml-table.ts';
import type { Package } from '@vigil/schema';
import { PackageURL } from 'packageurl-js';
import { locationOf, type Cataloger } from '../cataloger.ts';
import { isObject, stringField } from '../json-object.ts';

export const cargoLockCataloger: Cataloger = {
  name: 'cargo-lock',
  wants: (path) => isProjectCargoFile(path, 'Cargo.lock'),
  async catalog(file, ctx) {
    const lock = await readToml(file, ctx);
    if (!lock) return {};
    if (!Array.isArray(lock.package)) {
      ctx.warn(`${file.path}: no [[package]] entries; not a Cargo.lock`);
      return {};
    }
    const location = locationOf(file);
    const entries = lock.package.filter(isObject).flatMap((entry) => {
      const name = stringField(entry, 'name');
      const version = stringField(entry, 'version');
      return name && version ? [{ name, version, source: stringField(entry, 'source'), entry }] : [];
    });
    const byName = new Map<string, Locked[]>();
    for (const e of entries) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
    const packages: Package[] = entries.map(({ name, version, source, entry }) => {
      const dependsOn = dependencyIds(entry.dependencies, byName);
      return {
        name,
        version,
        type: 'cargo',
        ecosystem: 'crates.io',
        purl: new PackageURL('cargo', undefined, name, version, undefined, undefined).toString(),
        locations: [location],
        ...(dependsOn.length ? { dependsOn } : {}),
        ...(source ? { metadata: { source } } : {}),
      };
    });
    return { packages };
  },
};

interface Locked {
  name: string;
  version: string;
  source?: string;
}

/** Ids of the locked entries a `dependencies` array names; references to nothing locked are dropped. */
function dependencyIds(dependencies: unknown, byName: ReadonlyMap<string, readonly Locked[]>): string[] {
  if (!Array.isArray(dependencies)) return [];
  const ids = new Set<string>();
  for (const ref of dependencies) {
    if (typeof ref !== 'string') continue;
    const m = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(ref.trim());
    if (!m) continue;
    const [, name, version, source] = m;
    // A reference names a git source without the `#<commit>` the entry records.
    const hit = byName.get(name)?.find((l) => (!version || l.version === version) && (!source || l.source?.replace(/#.*$/, '') === source));
    if (hit) ids.add(`${hit.name}@${hit.version}`);
  }
  return [...ids];
}

/**
 * Whether `path` is a project's `fileName` (Cargo.lock, Cargo.toml). Crates unpacked by Cargo
 * (`$CARGO_HOME/registry/src/<index>/<crate>/`, git checkouts under `$CARGO_HOME/git/checkouts/`)
 * ship their own: their author's build, not ours.
 */
export function isProjectCargoFile(path: string, fileName: string): boolean {
  const segments = path.split('/');
  if (segments[segments.length - 1] !== fileName) return false;
  for (let i = 0; i + 1 < segments.length; i++) {
    const pair = `${segments[i]}/${segments[i + 1]}`;
    if (pair === 'registry/src' || pair === 'git/checkouts') return false;
  }
  return true;
}
