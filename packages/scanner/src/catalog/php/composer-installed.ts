/**
 * vendor/composer/installed.json: what Composer actually installed. Composer 1 wrote a bare
 * array of packages; Composer 2 writes `{ packages: [...], dev, dev-package-names }`, and the
 * names listed there were installed only as dev requirements.
 */
import type { Cataloger } from '../cataloger.ts';
import { isObject } from '../json-object.ts';
import { composerPackages } from './composer-package.ts';

export const composerInstalledCataloger: Cataloger = {
  name: 'composer-installed',
  // vendor-dir is configurable, but Composer always writes its metadata to `<vendor-dir>/composer/`.
  wants: (path) => path === 'composer/installed.json' || path.endsWith('/composer/installed.json'),
  async catalog(file, ctx) {
    let doc: unknown;
    try {
      doc = JSON.parse((await file.read()).toString('utf8').replace(/^\uFEFF/, ''));
    } catch (err) {
      ctx.warn(`${file.path}: not valid JSON (${(err as Error).message})`);
      return {};
    }
    if (Array.isArray(doc)) return { packages: composerPackages(doc.map((entry: unknown) => ({ entry })), file) };
    if (!isObject(doc) || !Array.isArray(doc.packages)) {
      ctx.warn(`${file.path}: no "packages" list; not a Composer installed.json`);
      return {};
    }
    const devNames = Array.isArray(doc['dev-package-names']) ? new Set(doc['dev-package-names']) : undefined;
    const entries = doc.packages.map((entry: unknown) => ({
      entry,
      dev: devNames && isObject(entry) ? devNames.has(entry.name) : undefined,
    }));
    return { packages: composerPackages(entries, file) };
  },
};
