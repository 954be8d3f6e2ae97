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
 * Which crates only dev-dependencies pull in, and which are direct, is known only from
 * Cargo.toml, which a single-file cataloger does not see; both stay unset.
 */
import { parse } from 'smol-toml';
import type { Package } from '@vigil/schema';
import { PackageURL } from 'packageurl-js';
import { locationOf, type Cataloger } from '../cataloger.ts';
import { isObject, stringField } from '../json-object.ts';

export const cargoLockCataloger: Cataloger = {
  name: 'cargo-lock',
  wants: (path) => {
    const segments = path.split('/');
    return segments[segments.length - 1] === 'Cargo.lock' && !insideCargoHome(segments);
  },
  async catalog(file, ctx) {
    let lock: Record<string, unknown>;
    try {
      lock = parse((await file.read()).toString('utf8'));
    } catch (err) {
      ctx.warn(`${file.path}: not valid TOML (${(err as Error).message.split('\n')[0]})`);
      return {};
    }
    if (!Array.isArray(lock.package)) {
      ctx.warn(`${file.path}: no [[package]] entries; not a Cargo.lock`);
      return {};
    }
    const location = locationOf(file);
    const packages: Package[] = [];
    for (const entry of lock.package) {
      if (!isObject(entry)) continue;
      const name = stringField(entry, 'name');
      const version = stringField(entry, 'version');
      if (!name || !version) continue;
      const source = stringField(entry, 'source');
      packages.push({
        name,
        version,
        type: 'cargo',
        ecosystem: 'crates.io',
        purl: new PackageURL('cargo', undefined, name, version, undefined, undefined).toString(),
        locations: [location],
        ...(source ? { metadata: { source } } : {}),
      });
    }
    return { packages };
  },
};

/**
 * Crates unpacked by Cargo (`$CARGO_HOME/registry/src/<index>/<crate>/`, git checkouts under
 * `$CARGO_HOME/git/checkouts/`) may ship their own Cargo.lock: their author's build, not ours.
 */
function insideCargoHome(segments: string[]): boolean {
  for (let i = 0; i + 1 < segments.length; i++) {
    const pair = `${segments[i]}/${segments[i + 1]}`;
    if (pair === 'registry/src' || pair === 'git/checkouts') return true;
  }
  return false;
}
