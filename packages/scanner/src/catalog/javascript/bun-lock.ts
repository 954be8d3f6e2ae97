/**
 * bun.lock (Bun 1.2+ text lockfile): JSON with trailing commas. `packages` maps an install path
 * (`chalk/supports-color` = the copy nested under chalk) to a tuple whose first element is
 * `name@version` (`name@workspace:…`, `name@github:…` for non-registry sources) and whose first
 * object element holds that package's dependencies. `workspaces` lists each workspace's own
 * dependency maps, so dev-only and direct packages can be told apart.
 */
import type { Cataloger } from '../cataloger.ts';
import { isObject, parseJsonObject, type JsonObject } from '../json-object.ts';
import { isProjectLockfile } from './lockfile-path.ts';
import { npmPackages, splitNameAtVersion, type NpmEntry } from './npm-package.ts';

const PROD_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'];

export const bunLockCataloger: Cataloger = {
  name: 'bun-lock',
  wants: (path) => isProjectLockfile(path, 'bun.lock'),
  async catalog(file, ctx) {
    const lock = parseJsonObject(withoutTrailingCommas((await file.read()).toString('utf8')));
    if (typeof lock === 'string') {
      ctx.warn(`${file.path}: ${lock}`);
      return {};
    }
    if (!isObject(lock.packages)) {
      ctx.warn(`${file.path}: no "packages" map; not a bun lockfile`);
      return {};
    }
    return { packages: npmPackages(lockEntries(lock.packages, isObject(lock.workspaces) ? lock.workspaces : {}), file) };
  },
};

/** Drop commas that directly precede `}` or `]`, leaving string contents alone. */
function withoutTrailingCommas(text: string): string {
  return text.replace(/("(?:[^"\\]|\\.)*")|,(\s*[}\]])/g, (_m, str: string | undefined, close: string) => str ?? close);
}

function lockEntries(packages: JsonObject, workspaces: JsonObject): NpmEntry[] {
  const depsOf = (key: string): JsonObject => {
    const tuple = packages[key];
    return (Array.isArray(tuple) ? tuple.find(isObject) : undefined) ?? {};
  };
  const namesIn = (owner: JsonObject, fields: string[]) =>
    fields.flatMap((f) => (isObject(owner[f]) ? Object.keys(owner[f]) : []));

  // Node-style lookup: `a/b` needing `c` tries `a/b/c`, then `a/c`, then `c`.
  const resolve = (fromKey: string, name: string): string | undefined => {
    const path = installPath(fromKey);
    for (let depth = path.length; depth >= 0; depth--) {
      const candidate = [...path.slice(0, depth), name].join('/');
      if (candidate in packages) return candidate;
    }
    return undefined;
  };
  const reach = (roots: string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = roots.flatMap((n) => resolve('', n) ?? []);
    while (stack.length) {
      const key = stack.pop() as string;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const dep of namesIn(depsOf(key), PROD_FIELDS)) {
        const target = resolve(key, dep);
        if (target) stack.push(target);
      }
    }
    return seen;
  };

  const members = Object.values(workspaces).filter(isObject);
  const hasWorkspaces = members.length > 0;
  const direct = new Set(members.flatMap((w) => namesIn(w, [...PROD_FIELDS, 'devDependencies'])));
  const prod = reach(members.flatMap((w) => namesIn(w, PROD_FIELDS)));
  const dev = reach(members.flatMap((w) => namesIn(w, ['devDependencies'])));

  const entries: NpmEntry[] = [];
  for (const [key, tuple] of Object.entries(packages)) {
    const spec = Array.isArray(tuple) && typeof tuple[0] === 'string' ? splitNameAtVersion(tuple[0]) : undefined;
    if (!spec) continue;
    entries.push({
      ...spec,
      dev: hasWorkspaces ? dev.has(key) && !prod.has(key) : undefined,
      indirect: hasWorkspaces ? !direct.has(key) : undefined,
    });
  }
  return entries;
}

/** `@types/bun/bun-types` → `['@types/bun', 'bun-types']`. */
function installPath(key: string): string[] {
  const names: string[] = [];
  const segments = key ? key.split('/') : [];
  for (let i = 0; i < segments.length; i++) {
    names.push(segments[i].startsWith('@') && i + 1 < segments.length ? `${segments[i]}/${segments[++i]}` : segments[i]);
  }
  return names;
}
