/**
 * Installed packages: the manifest at `node_modules/<name>/package.json` or
 * `node_modules/@scope/<name>/package.json`, at any nesting depth (npm nests conflicting
 * versions; pnpm keeps them under `node_modules/.pnpm/<id>/node_modules/<name>`). Other
 * package.json files inside a package (`lib/package.json` that only sets `"type"`) and the
 * project's own manifest are not installed packages.
 */
import type { Cataloger } from '../cataloger.ts';
import { npmLicenses } from './licenses.ts';
import { readJsonObject, stringField } from '../json-object.ts';
import { npmPackages } from './npm-package.ts';

const INSTALLED_MANIFEST = /(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/.@][^/]*\/package\.json$/;

export const nodeModulesCataloger: Cataloger = {
  name: 'npm-installed',
  wants: (path) => INSTALLED_MANIFEST.test(path),
  async catalog(file, ctx) {
    const manifest = await readJsonObject(file, ctx);
    if (!manifest) return {};
    const name = stringField(manifest, 'name');
    const version = stringField(manifest, 'version');
    // A private package cannot be on the registry, so registry advisories never concern it
    // (workspace packages linked into node_modules are private, often with common names).
    if (!name || !version || manifest.private === true) return {};
    return { packages: npmPackages([{ name, version, licenses: npmLicenses(manifest.license, manifest.licenses) }], file) };
  },
};
