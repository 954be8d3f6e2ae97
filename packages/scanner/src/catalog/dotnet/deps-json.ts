/**
 * `<app>.deps.json`, written next to every built .NET application: what the host loads at run
 * time. `libraries` is keyed `Name/Version` with a `type`:
 *   - `package`: restored from a NuGet feed;
 *   - `runtimepack`: the .NET runtime itself, bundled into a self-contained app. It is reported
 *     under its NuGet ID (the key without `runtimepack.`), the name runtime advisories use;
 *   - `project` (the app and the projects it references, built from source) and
 *     `referenceassembly` (compile-time facades) are not packages.
 * `targets[runtimeTarget.name]` says which assets each library deploys. A package there with no
 * runtime, runtimeTargets or native assets only served compilation (framework-provided,
 * meta-packages) and is not loaded, so it is not reported; without that target nothing can be
 * told apart and every package is reported.
 */
import type { Cataloger } from '../cataloger.ts';
import { isObject, parseJsonObject, type JsonObject } from '../json-object.ts';
import { nugetPackages, type NugetEntry } from './nuget-package.ts';

const RUNTIME_PACK_PREFIX = 'runtimepack.';
const DEPLOYED_ASSETS = ['runtime', 'runtimeTargets', 'native'];

export const depsJsonCataloger: Cataloger = {
  name: 'dotnet-deps-json',
  wants: (path) => path.endsWith('.deps.json'),
  async catalog(file, ctx) {
    const deps = parseJsonObject(await file.read());
    if (typeof deps === 'string') {
      ctx.warn(`${file.path}: ${deps}`);
      return {};
    }
    if (!isObject(deps.libraries) && !isObject(deps.targets)) {
      ctx.warn(`${file.path}: neither "libraries" nor "targets" found; not a .NET deps.json`);
      return {};
    }
    const target = runtimeTarget(deps);
    const entries: NugetEntry[] = [];
    for (const [key, library] of Object.entries(isObject(deps.libraries) ? deps.libraries : {})) {
      if (!isObject(library)) continue;
      const slash = key.lastIndexOf('/');
      if (slash <= 0) continue;
      const name = key.slice(0, slash);
      const version = key.slice(slash + 1);
      if (target && !deploysAssets(target[key])) continue;
      if (library.type === 'package') {
        entries.push({ name, version });
      } else if (library.type === 'runtimepack' && name.startsWith(RUNTIME_PACK_PREFIX)) {
        entries.push({ name: name.slice(RUNTIME_PACK_PREFIX.length), version, metadata: { runtimePack: true } });
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

function deploysAssets(entry: unknown): boolean {
  if (!isObject(entry)) return false;
  return DEPLOYED_ASSETS.some((asset) => {
    const assets = entry[asset];
    return isObject(assets) && Object.keys(assets).length > 0;
  });
}
