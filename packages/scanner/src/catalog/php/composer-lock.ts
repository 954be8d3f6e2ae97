/**
 * composer.lock: `packages` are what production installs, `packages-dev` what only
 * `composer install --dev` adds. Which of them the project requires directly is in
 * composer.json, which a single-file cataloger does not see, so directness is left unknown.
 */
import type { Cataloger } from '../cataloger.ts';
import { readJsonObject } from '../json-object.ts';
import { composerPackages } from './composer-package.ts';

export const composerLockCataloger: Cataloger = {
  name: 'composer-lock',
  wants: (path) => {
    const segments = path.split('/');
    // A library's own composer.lock under vendor/ is its author's setup, not what is installed.
    return segments[segments.length - 1] === 'composer.lock' && !segments.includes('vendor');
  },
  async catalog(file, ctx) {
    const lock = await readJsonObject(file, ctx);
    if (!lock) return {};
    const prod = lock.packages;
    const dev = lock['packages-dev'];
    if (!Array.isArray(prod) && !Array.isArray(dev)) {
      ctx.warn(`${file.path}: neither "packages" nor "packages-dev" found; not a composer.lock`);
      return {};
    }
    const entries = [
      ...(Array.isArray(prod) ? prod : []).map((entry: unknown) => ({ entry, dev: false })),
      ...(Array.isArray(dev) ? dev : []).map((entry: unknown) => ({ entry, dev: true })),
    ];
    return { packages: composerPackages(entries, file) };
  },
};
