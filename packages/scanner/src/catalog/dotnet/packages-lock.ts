/**
 * NuGet's packages.lock.json: `dependencies` maps each target framework to the packages restored
 * for it, each with `type` Direct, Transitive or CentralTransitive (pinned centrally but not
 * referenced), and `resolved` version. `Project` entries are other projects of the same solution,
 * built from source rather than restored from a feed, so they are not packages.
 * A package restored for several frameworks is one package, direct if any framework says so.
 */
import type { Cataloger } from '../cataloger.ts';
import { isObject, readJsonObject, stringField } from '../json-object.ts';
import { nugetPackages, type NugetEntry } from './nuget-package.ts';

export const packagesLockCataloger: Cataloger = {
  name: 'nuget-packages-lock',
  wants: (path) => path === 'packages.lock.json' || path.endsWith('/packages.lock.json'),
  async catalog(file, ctx) {
    const lock = await readJsonObject(file, ctx);
    if (!lock) return {};
    if (!isObject(lock.dependencies)) {
      ctx.warn(`${file.path}: no "dependencies" by target framework; not a NuGet packages.lock.json`);
      return {};
    }
    const entries: NugetEntry[] = [];
    for (const framework of Object.values(lock.dependencies)) {
      if (!isObject(framework)) continue;
      for (const [name, dep] of Object.entries(framework)) {
        if (!isObject(dep)) continue;
        const type = stringField(dep, 'type');
        const version = stringField(dep, 'resolved');
        if (type === 'Project' || !version) continue;
        entries.push({ name, version, indirect: type !== 'Direct' });
      }
    }
    return { packages: nugetPackages(entries, file) };
  },
};
