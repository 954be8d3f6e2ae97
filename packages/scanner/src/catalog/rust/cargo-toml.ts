/**
 * A crate's Cargo.toml, read for what Cargo.lock cannot say: which crate is the project and which
 * dependencies are only for development (see catalog/manifests.ts).
 *
 * - `[dependencies]` and `[build-dependencies]` are production. Build dependencies run in every
 *   release build and shape what it produces (build scripts, code generators, bindgen, cc), so a
 *   flaw in them can ship; only `[dev-dependencies]` (tests, examples, benchmarks) are dev.
 * - `[target.'cfg(…)'.<kind>]` tables count like their untargeted kind: the lockfile holds every
 *   platform, and which one a build targets is not known here.
 * - A dependency renamed with `package = "real"` is the crate `real`; one inherited with
 *   `workspace = true` takes its `package` from this file's `[workspace.dependencies]`.
 * - A virtual workspace manifest (`[workspace]` without `[package]`) declares no project and no
 *   dependencies of its own; its members' manifests are in their own directories.
 */
import { readToml } from '../toml-table.ts';
import type { Cataloger } from '../cataloger.ts';
import { isObject, stringField, type JsonObject } from '../json-object.ts';
import { isProjectCargoFile } from './cargo-lock.ts';

/** `_` spellings are the legacy ones Cargo still accepts. */
const PROD_TABLES = ['dependencies', 'build-dependencies', 'build_dependencies'];
const DEV_TABLES = ['dev-dependencies', 'dev_dependencies'];

export const cargoTomlCataloger: Cataloger = {
  name: 'cargo-manifest',
  wants: (path) => isProjectCargoFile(path, 'Cargo.toml'),
  async catalog(file, ctx) {
    const doc = await readToml(file, ctx);
    if (!doc) return {};
    if (!isObject(doc.package)) return {};
    const workspace = isObject(doc.workspace) ? doc.workspace : {};
    const inherited = isObject(workspace.dependencies) ? workspace.dependencies : {};
    const workspacePackage = isObject(workspace.package) ? workspace.package : {};
    const scopes = [doc, ...(isObject(doc.target) ? Object.values(doc.target).filter(isObject) : [])];
    const crates = (tables: string[]) => [
      ...new Set(scopes.flatMap((scope) => tables.flatMap((t) => (isObject(scope[t]) ? crateNames(scope[t], inherited) : [])))),
    ];

    const name = stringField(doc.package, 'name');
    // `version.workspace = true` inherits `[workspace.package] version` when it is in this file.
    const version = isObject(doc.package.version) ? stringField(workspacePackage, 'version') : stringField(doc.package, 'version');
    return {
      manifest: {
        ecosystem: 'crates.io',
        ...(name ? { project: version ? { name, version } : { name } } : {}),
        dependencies: crates(PROD_TABLES),
        devDependencies: crates(DEV_TABLES),
      },
    };
  },
};

/** Crate names of a dependency table: the key, unless `package` renames it. */
function crateNames(table: JsonObject, inherited: JsonObject): string[] {
  return Object.entries(table).map(([key, spec]) => {
    const source = isObject(spec) && spec.workspace === true ? inherited[key] : spec;
    return (isObject(source) && stringField(source, 'package')) || key;
  });
}
