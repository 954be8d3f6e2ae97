/**
 * A project's own package.json (not one under node_modules: those are installed packages, read by
 * node-modules.ts). It lists no installed versions, only what the project declares, which is what
 * a lockfile beside it cannot say: the project's name and which dependencies are for development.
 * See catalog/manifests.ts for how the two are linked.
 */
import type { Cataloger } from '../cataloger.ts';
import { isObject, readJsonObject, stringField, type JsonObject } from '../json-object.ts';
import { isProjectLockfile } from './lockfile-path.ts';
import { aliasTarget } from './npm-package.ts';

/**
 * Production fields. npm 7+ installs a project's peer dependencies as it does its dependencies,
 * so they count as production; optional ones are installed wherever they can be.
 */
const PROD_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'];

export const packageJsonCataloger: Cataloger = {
  name: 'npm-project-manifest',
  // The same rule that keeps published packages' lockfiles out keeps their manifests out.
  wants: (path) => isProjectLockfile(path, 'package.json'),
  async catalog(file, ctx) {
    const manifest = await readJsonObject(file, ctx);
    if (!manifest) return {};
    const name = stringField(manifest, 'name');
    const version = stringField(manifest, 'version');
    return {
      manifest: {
        ecosystem: 'npm',
        ...(name ? { project: version ? { name, version } : { name } } : {}),
        dependencies: namesIn(manifest, PROD_FIELDS),
        devDependencies: namesIn(manifest, ['devDependencies']),
      },
    };
  },
};

/** Names of the packages the fields declare; an alias (`"dbg": "npm:debug@^4"`) installs `debug`. */
function namesIn(manifest: JsonObject, fields: string[]): string[] {
  const names = fields.flatMap((f) => {
    const deps = manifest[f];
    if (!isObject(deps)) return [];
    return Object.entries(deps).map(([name, range]) => (typeof range === 'string' && aliasTarget(range)) || name);
  });
  return [...new Set(names)];
}
