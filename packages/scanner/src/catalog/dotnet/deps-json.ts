/**
 * `<app>.deps.json`, written next to every built .NET application: what the host loads at run
 * time. `libraries` is keyed `Name/Version` with a `type`:
 *   - `package`: restored from a NuGet feed;
 *   - `runtimepack`: the .NET runtime itself, bundled into a self-contained app. It is reported
 *     under its NuGet ID (the key without `runtimepack.`), the name runtime advisories use;
 *   - `project`: the app and the projects it references, built from source. The app is reported
 *     as the root package (never matched: a NuGet package of the same name is not this code); it
 *     is the project named like the file (`App.deps.json`), else the one project no other
 *     project depends on, else, when that is ambiguous, none. Referenced projects are not reported;
 *   - `referenceassembly` (compile-time facades) are not packages.
 * `targets[runtimeTarget.name]` says which assets each library deploys and what it depends on.
 * A package there with no runtime, runtimeTargets or native assets only served compilation
 * (framework-provided, meta-packages) and is not loaded, so it is not reported; without that
 * target nothing can be told apart and every package is reported.
 */
import { posix } from 'node:path';
import type { Cataloger } from '../cataloger.ts';
import { isObject, readJsonObject, type JsonObject } from '../json-object.ts';
import { nugetPackages, type NugetEntry } from './nuget-package.ts';

const RUNTIME_PACK_PREFIX = 'runtimepack.';
const DEPLOYED_ASSETS = ['runtime', 'runtimeTargets', 'native'];

export const depsJsonCataloger: Cataloger = {
  name: 'dotnet-deps-json',
  wants: (path) => path.endsWith('.deps.json'),
  async catalog(file, ctx) {
    const deps = await readJsonObject(file, ctx);
    if (!deps) return {};
    if (!isObject(deps.libraries) && !isObject(deps.targets)) {
      ctx.warn(`${file.path}: neither "libraries" nor "targets" found; not a .NET deps.json`);
      return {};
    }
    const target = runtimeTarget(deps);
    const libraries = isObject(deps.libraries) ? deps.libraries : {};
    const app = appProject(libraries, target, file.path);
    const entries: NugetEntry[] = [];
    for (const [key, library] of Object.entries(libraries)) {
      if (!isObject(library)) continue;
      const slash = key.lastIndexOf('/');
      if (slash <= 0) continue;
      const name = key.slice(0, slash);
      const version = key.slice(slash + 1);
      const dependsOn = dependencyIds(target?.[key]);
      if (key === app) {
        entries.push({ name, version, root: true, dependsOn });
        continue;
      }
      if (target && !deploysAssets(target[key])) continue;
      if (library.type === 'package') {
        entries.push({ name, version, dependsOn });
      } else if (library.type === 'runtimepack' && name.startsWith(RUNTIME_PACK_PREFIX)) {
        entries.push({ name: name.slice(RUNTIME_PACK_PREFIX.length), version, dependsOn, metadata: { runtimePack: true } });
      }
    }
    return { packages: nugetPackages(entries, file) };
  },
};

function runtimeTarget(deps: JsonObject): JsonObject | undefined {
  const name = isObject(deps.runtimeTarget) ? deps.runtimeTarget.name : undefined;
  if (typeof name !== 'string' || !isObject(deps.targets)) return undefined;
  const target = deps.targets[name];
  return isObject(target) ? target : undefined;
}

/** Key (`Name/Version`) of the application's own project, if it can be told. */
function appProject(libraries: JsonObject, target: JsonObject | undefined, path: string): string | undefined {
  const projects = Object.keys(libraries).filter((k) => isObject(libraries[k]) && libraries[k].type === 'project');
  const stem = posix.basename(path, '.deps.json').toLowerCase();
  const named = projects.find((k) => k.slice(0, k.lastIndexOf('/')).toLowerCase() === stem);
  if (named) return named;
  const referenced = new Set(
    projects.flatMap((k) => {
      const deps = isObject(target?.[k]) ? (target[k] as JsonObject).dependencies : undefined;
      return isObject(deps) ? Object.entries(deps).map(([n, v]) => `${n}/${String(v)}`) : [];
    }),
  );
  const unreferenced = projects.filter((k) => !referenced.has(k));
  return unreferenced.length === 1 ? unreferenced[0] : undefined;
}

/** A target entry's `dependencies` (`{ name: version }`) as ids, runtime packs under their NuGet ID. */
function dependencyIds(entry: unknown): string[] {
  const deps = isObject(entry) ? entry.dependencies : undefined;
  if (!isObject(deps)) return [];
  return Object.entries(deps).map(([name, version]) => {
    const id = name.startsWith(RUNTIME_PACK_PREFIX) ? name.slice(RUNTIME_PACK_PREFIX.length) : name;
    return `${id}@${String(version)}`;
  });
}

function deploysAssets(entry: unknown): boolean {
  if (!isObject(entry)) return false;
  return DEPLOYED_ASSETS.some((asset) => {
    const assets = entry[asset];
    return isObject(assets) && Object.keys(assets).length > 0;
  });
}
