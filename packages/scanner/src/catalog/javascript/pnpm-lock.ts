/**
 * pnpm-lock.yaml. Package keys changed across lockfile versions:
 *   5.x  `/name/1.2.3_peer@1.0.0` (a registry host may precede: `registry.npmjs.org/name/1.2.3`)
 *   6.x  `/name@1.2.3(peer@1.0.0)`
 *   9.x  `name@1.2.3` under `packages`, with the dependency graph moved to `snapshots` keyed
 *        `name@1.2.3(peer@1.0.0)` and the per-package `dev` flag dropped.
 * Non-registry packages (tarballs, git) carry explicit `name`/`version` fields.
 */
import { parseAllDocuments } from 'yaml';
import type { Cataloger } from '../cataloger.ts';
import { isObject, stringField, type JsonObject } from '../json-object.ts';
import { isProjectLockfile } from './lockfile-path.ts';
import { npmPackages, splitNameAtVersion, type NpmEntry } from './npm-package.ts';

const PROD_FIELDS = ['dependencies', 'optionalDependencies'];
const DEP_FIELDS = [...PROD_FIELDS, 'devDependencies'];

export const pnpmLockCataloger: Cataloger = {
  name: 'pnpm-lock',
  wants: (path) => isProjectLockfile(path, 'pnpm-lock.yaml'),
  async catalog(file, ctx) {
    const docs = parseAllDocuments((await file.read()).toString('utf8'), { uniqueKeys: false });
    const entries: NpmEntry[] = [];
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      if (doc.errors.length) {
        ctx.warn(`${file.path}: not valid YAML (${doc.errors[0].message.split('\n')[0]})`);
        return {};
      }
      const lock = doc.toJS() as unknown;
      if (lock === null || lock === undefined) continue;
      if (!isObject(lock) || !('lockfileVersion' in lock)) {
        ctx.warn(`${file.path}: no lockfileVersion; not a pnpm lockfile`);
        return {};
      }
      if (!isToolingDocument(lock)) entries.push(...lockEntries(lock));
    }
    return { packages: npmPackages(entries, file) };
  },
};

/**
 * pnpm 10+ may prepend a document locking pnpm itself and its config dependencies: the tools
 * that run the install, not part of the project.
 */
function isToolingDocument(lock: JsonObject): boolean {
  const importers = isObject(lock.importers) ? Object.values(lock.importers).filter(isObject) : [];
  return importers.length > 0 && importers.every((i) => !DEP_FIELDS.some((f) => isObject(i[f])));
}

function lockEntries(lock: JsonObject): NpmEntry[] {
  const major = Number.parseInt(String(lock.lockfileVersion), 10);
  const packages = isObject(lock.packages) ? lock.packages : {};
  const importers = isObject(lock.importers) ? Object.values(lock.importers).filter(isObject) : [lock];
  const importerDeps = (fields: string[]) =>
    importers.flatMap((imp) => fields.flatMap((f) => (isObject(imp[f]) ? Object.entries(imp[f]) : [])));
  const importerRefs = (fields: string[]) => importerDeps(fields).map(([name, ref]) => refToId(name, ref, major));
  // Tarball and git packages are keyed by their source (`@github.com/u/r/tarball/1.0`), which the
  // importer names verbatim.
  const direct = new Set([
    ...importerRefs(DEP_FIELDS).map(stripPeers),
    ...importerDeps(DEP_FIELDS).map(([, ref]) => String(isObject(ref) ? ref.version : ref)),
  ]);
  // 9.x dropped `dev`: walk the snapshot graph from each importer's prod and dev roots.
  const devOnly = major >= 9 && isObject(lock.snapshots) ? devOnlyIds(lock.snapshots, importerRefs(PROD_FIELDS), importerRefs(['devDependencies']), major) : undefined;
  const edges = dependencyEdges(major >= 9 && isObject(lock.snapshots) ? lock.snapshots : packages, major);

  const entries: NpmEntry[] = [];
  for (const [key, value] of Object.entries(packages)) {
    const entry = isObject(value) ? value : {};
    const resolution = isObject(entry.resolution) ? entry.resolution : {};
    const parsed = parseKey(key, major);
    // Local folders and tarballs (`file:`, `link:`) are the project's own code.
    if (resolution.directory !== undefined || /^(?:file|link):/.test(parsed?.version ?? key)) continue;
    const name = stringField(entry, 'name') ?? parsed?.name;
    const version = stringField(entry, 'version') ?? parsed?.version;
    if (!name || !version) continue;
    const id = parsed ? `${parsed.name}@${parsed.version}` : key;
    entries.push({
      name,
      version,
      dev: devOnly ? devOnly.has(id) : entry.dev === true,
      indirect: !direct.has(id),
      dependsOn: [...(edges.get(id) ?? [])],
    });
  }
  return entries;
}

/**
 * Package id → ids it depends on, from `packages` (up to 6.x) or `snapshots` (9.x). Copies of one
 * package resolved against different peers are one package, depending on all they resolved to.
 */
function dependencyEdges(graph: JsonObject, major: number): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const [key, value] of Object.entries(graph)) {
    const parsed = parseKey(key, major);
    if (!parsed || !isObject(value)) continue;
    const id = `${parsed.name}@${parsed.version}`;
    let out = edges.get(id);
    if (!out) edges.set(id, (out = new Set()));
    for (const f of PROD_FIELDS) {
      if (isObject(value[f])) for (const [n, r] of Object.entries(value[f])) out.add(stripPeers(refToId(n, r, major)));
    }
  }
  return edges;
}

/** `1.2.3(peer@1)` and 5.x `1.2.3_peer@1` both name the package `1.2.3`. */
function stripPeers(id: string): string {
  const paren = id.indexOf('(');
  return paren >= 0 ? id.slice(0, paren) : id;
}

/**
 * Package key → name and version (peer suffix removed). 5.x keys are slash-separated paths whose
 * last two (three when scoped) segments are name and version; later keys are `name@version`.
 */
function parseKey(key: string, major: number): { name: string; version: string } | undefined {
  const bare = stripPeers(key.replace(/^\//, ''));
  if (major >= 6) return splitNameAtVersion(bare);
  const segments = bare.split('/');
  if (segments.length < 2) return undefined;
  const version = segments[segments.length - 1].replace(/_.*$/, '');
  const scope = segments.length >= 3 && segments[segments.length - 3].startsWith('@') ? `${segments[segments.length - 3]}/` : '';
  return { name: scope + segments[segments.length - 2], version };
}

/**
 * An importer or snapshot dependency value → the package id it resolves to, peers kept so that
 * 9.x snapshots can be looked up. Values are a bare version (`1.2.3(peer@1)`, 5.x `1.2.3_peer@1`),
 * an alias (`real@1.2.3`; 5.x/6.x `/real/1.2.3`, `/real@1.2.3`), or `{ version }` in 6.x+ importers.
 */
function refToId(name: string, ref: unknown, major: number): string {
  const value = isObject(ref) ? String(ref.version ?? '') : String(ref);
  if (major < 6) {
    const parsed = value.startsWith('/') ? parseKey(value, major) : undefined;
    return parsed ? `${parsed.name}@${parsed.version}` : `${name}@${value.replace(/_.*$/, '')}`;
  }
  const bare = value.replace(/^\//, '');
  const isAlias = /^\D/.test(bare) && stripPeers(bare).includes('@', 1) && !stripPeers(bare).includes(':');
  return isAlias ? bare : `${name}@${bare}`;
}

/** Ids (`name@version`) reachable from dev roots but not from prod roots. */
function devOnlyIds(snapshots: JsonObject, prodRoots: string[], devRoots: string[], major: number): Set<string> {
  const reach = (roots: string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length) {
      const snapshotKey = stack.pop() as string;
      if (seen.has(snapshotKey)) continue;
      seen.add(snapshotKey);
      const snap = snapshots[snapshotKey];
      if (!isObject(snap)) continue;
      for (const f of PROD_FIELDS) {
        if (isObject(snap[f])) for (const [n, r] of Object.entries(snap[f])) stack.push(refToId(n, r, major));
      }
    }
    return new Set([...seen].map(stripPeers));
  };
  const prod = reach(prodRoots);
  return new Set([...reach(devRoots)].filter((id) => !prod.has(id)));
}
