/**
 * npm's package-lock.json and npm-shrinkwrap.json (same format). v1 nests `dependencies`;
 * v2 and v3 hold a flat `packages` map keyed by install path (`node_modules/a/node_modules/b`),
 * v2 also carrying the v1 tree for old npm, which we ignore when `packages` is there.
 */
import type { Cataloger } from '../cataloger.ts';
import { npmLicenses } from './licenses.ts';
import { isObject, readJsonObject, stringField, type JsonObject } from '../json-object.ts';
import { isProjectLockfile } from './lockfile-path.ts';
import { npmPackages, splitNameAtVersion, type NpmEntry } from './npm-package.ts';

const NODE_MODULES = 'node_modules/';
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];
/** What an installed package needs installed beside it (npm 7+ installs peers). */
const INSTALLED_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'];

export const packageLockCataloger: Cataloger = {
  name: 'npm-package-lock',
  wants: (path) => isProjectLockfile(path, 'package-lock.json') || isProjectLockfile(path, 'npm-shrinkwrap.json'),
  async catalog(file, ctx) {
    const lock = await readJsonObject(file, ctx);
    if (!lock) return {};
    const entries = isObject(lock.packages)
      ? fromPackagesMap(lock.packages)
      : isObject(lock.dependencies)
        ? [...fromDependencyTree(lock.dependencies)]
        : undefined;
    if (!entries) {
      ctx.warn(`${file.path}: neither "packages" nor "dependencies" found; not an npm lockfile`);
      return {};
    }
    return { packages: npmPackages(entries, file) };
  },
};

/**
 * v2/v3. Keys without `node_modules/` are the root (`""`) and workspace folders: the project's
 * own code, not packages from the registry. `link: true` entries are symlinks whose target is
 * listed under its own key, so the target is reported once, but is direct if the link is.
 */
function fromPackagesMap(packages: JsonObject): NpmEntry[] {
  const hasRoot = isObject(packages['']);
  const declaredByProject = new Set<string>();
  const projectDirs = new Set<string>();
  const linkOf = new Map<string, string>();
  for (const [key, entry] of Object.entries(packages)) {
    if (!isObject(entry)) continue;
    if (!key.includes(NODE_MODULES)) {
      projectDirs.add(key);
      for (const field of DEPENDENCY_FIELDS) {
        const deps = entry[field];
        if (isObject(deps)) for (const name of Object.keys(deps)) declaredByProject.add(name);
      }
    } else if (entry.link === true) {
      const target = stringField(entry, 'resolved');
      if (target) linkOf.set(target, key);
    }
  }
  const isDirect = (installPath: string): boolean => {
    const at = installPath.lastIndexOf(NODE_MODULES);
    const parent = installPath.slice(0, at).replace(/\/$/, '');
    return projectDirs.has(parent) && declaredByProject.has(installPath.slice(at + NODE_MODULES.length));
  };

  const idOf = (key: string): string | undefined => {
    const entry = packages[key];
    const version = isObject(entry) ? stringField(entry, 'version') : undefined;
    return isObject(entry) && version ? `${installedName(key, entry)}@${version}` : undefined;
  };
  // Node's lookup: from `node_modules/a/node_modules/b`, a dependency `c` is the nearest
  // `…/node_modules/c` walking up to the root; a link stands for its target.
  const resolve = (fromKey: string, name: string): string | undefined => {
    for (let base = fromKey; ; ) {
      const candidate = `${base ? `${base}/` : ''}${NODE_MODULES}${name}`;
      const found = packages[candidate];
      if (isObject(found)) return found.link === true ? stringField(found, 'resolved') : candidate;
      if (!base) return undefined;
      const nested = base.lastIndexOf(`/${NODE_MODULES}`);
      base = nested >= 0 ? base.slice(0, nested) : '';
    }
  };

  const entries: NpmEntry[] = [];
  for (const [key, entry] of Object.entries(packages)) {
    const at = key.lastIndexOf(NODE_MODULES);
    if (at < 0 || !isObject(entry) || entry.link === true) continue;
    const version = stringField(entry, 'version');
    if (!version) continue;
    const installPath = linkOf.get(key) ?? key;
    const needs = INSTALLED_FIELDS.flatMap((f) => (isObject(entry[f]) ? Object.keys(entry[f]) : []));
    entries.push({
      name: installedName(key, entry),
      version,
      dev: entry.dev === true,
      indirect: hasRoot ? !isDirect(installPath) : undefined,
      licenses: npmLicenses(entry.license, entry.licenses),
      dependsOn: needs.flatMap((name) => {
        const target = resolve(key, name);
        return (target && idOf(target)) || [];
      }),
    });
  }
  return entries;
}

/** `name` is only written when it differs from the folder: aliases (`npm:real@1`). */
function installedName(key: string, entry: JsonObject): string {
  return stringField(entry, 'name') ?? key.slice(key.lastIndexOf(NODE_MODULES) + NODE_MODULES.length);
}

/** v1: `{ name: { version, dev, dependencies: { … } } }`, nested where versions conflict. */
function* fromDependencyTree(dependencies: JsonObject): Generator<NpmEntry> {
  for (const [key, dep] of Object.entries(dependencies)) {
    if (!isObject(dep)) continue;
    const version = stringField(dep, 'version');
    if (version) {
      // An alias is recorded as `"alias": { "version": "npm:real-name@1.2.3" }`.
      const aliased = version.startsWith('npm:') ? splitNameAtVersion(version.slice(4)) : undefined;
      yield { name: aliased?.name ?? key, version: aliased?.version ?? version, dev: dep.dev === true };
    }
    if (isObject(dep.dependencies)) yield* fromDependencyTree(dep.dependencies);
  }
}
