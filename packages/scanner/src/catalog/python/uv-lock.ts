/**
 * uv.lock (TOML, `[[package]]` tables). The project and its workspace members are packages
 * with a local source (`virtual`, `editable`, `directory`); their `dependencies`,
 * `optional-dependencies` and `dev-dependencies` name the direct dependencies, and walking the
 * graph from them tells dev-only packages from production ones. The one whose source is the
 * lockfile's own directory (`virtual = "."` or `editable = "."`) is the project, reported as the
 * root; the other local packages (workspace members, path dependencies) are not reported.
 */
import type { Cataloger } from '../cataloger.ts';
import { projectFileName } from './project-file.ts';
import { pypiPackages, type PypiEntry } from './pypi-package.ts';
import { isTable, readToml, stringOf, tables, type TomlTable } from '../toml-table.ts';

const LOCAL_SOURCES = ['virtual', 'editable', 'directory'];
const ROOT_SOURCES = ['virtual', 'editable'];

export const uvLockCataloger: Cataloger = {
  name: 'uv-lock',
  wants: (path) => projectFileName(path) === 'uv.lock',
  async catalog(file, ctx) {
    const lock = await readToml(file, ctx);
    if (!lock) return {};
    return { packages: pypiPackages(lockEntries(tables(lock.package)), file) };
  },
};

/** A dependency reference: `{ name, version? }`; `version` only when several are locked. */
type Ref = { name: string; version?: string };

function refs(value: unknown): Ref[] {
  return tables(value).flatMap((t) => {
    const name = stringOf(t, 'name');
    return name ? [{ name, version: stringOf(t, 'version') }] : [];
  });
}

/** Refs in a `{ group-or-extra: [refs] }` table. */
function groupedRefs(value: unknown): Ref[] {
  return isTable(value) ? Object.values(value).flatMap(refs) : [];
}

function lockEntries(packages: TomlTable[]): PypiEntry[] {
  const isLocal = (pkg: TomlTable) => isTable(pkg.source) && LOCAL_SOURCES.some((k) => k in (pkg.source as TomlTable));
  const roots = packages.filter(isLocal);
  const idOf = (pkg: TomlTable) => `${stringOf(pkg, 'name')}@${stringOf(pkg, 'version')}`;
  const lookup = (ref: Ref) =>
    packages.filter((p) => stringOf(p, 'name') === ref.name && (!ref.version || stringOf(p, 'version') === ref.version));

  const reach = (start: Ref[]): Set<string> => {
    const seen = new Set<string>();
    const stack = start.flatMap(lookup);
    while (stack.length) {
      const pkg = stack.pop() as TomlTable;
      if (seen.has(idOf(pkg))) continue;
      seen.add(idOf(pkg));
      stack.push(...[...refs(pkg.dependencies), ...groupedRefs(pkg['optional-dependencies'])].flatMap(lookup));
    }
    return seen;
  };
  const prodRoots = roots.flatMap((r) => [...refs(r.dependencies), ...groupedRefs(r['optional-dependencies'])]);
  const devRoots = roots.flatMap((r) => groupedRefs(r['dev-dependencies']));
  const prod = reach(prodRoots);
  const dev = reach(devRoots);
  const direct = new Set([...prodRoots, ...devRoots].flatMap(lookup).map(idOf));
  const known = roots.length > 0;

  const entries: PypiEntry[] = [];
  for (const pkg of packages) {
    const name = stringOf(pkg, 'name');
    const version = stringOf(pkg, 'version');
    const root = isProjectRoot(pkg);
    if (!name || !version || (isLocal(pkg) && !root)) continue;
    const id = idOf(pkg);
    const needs = [...refs(pkg.dependencies), ...groupedRefs(pkg['optional-dependencies']), ...groupedRefs(pkg['dev-dependencies'])];
    entries.push({
      name,
      version,
      ...(root ? { root } : { dev: known ? dev.has(id) && !prod.has(id) : undefined, indirect: known ? !direct.has(id) : undefined }),
      dependsOn: needs.flatMap(lookup).map(idOf),
    });
  }
  return entries;
}

/** The project itself: the package whose source is the lockfile's own directory. */
function isProjectRoot(pkg: TomlTable): boolean {
  return isTable(pkg.source) && ROOT_SOURCES.some((k) => (pkg.source as TomlTable)[k] === '.');
}
