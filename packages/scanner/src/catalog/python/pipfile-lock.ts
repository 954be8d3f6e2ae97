/**
 * Pipfile.lock (pipenv, JSON): `default` holds production packages, `develop` the dev ones, each
 * `{ name: { version: "==1.2.3" } }`. VCS, path and editable entries carry no version.
 */
import type { Cataloger } from '../cataloger.ts';
import { isObject, readJsonObject, stringField } from '../json-object.ts';
import { projectFileName } from './project-file.ts';
import { pypiPackages, type PypiEntry } from './pypi-package.ts';

const SECTIONS = [
  ['default', false],
  ['develop', true],
] as const;

export const pipfileLockCataloger: Cataloger = {
  name: 'pipenv-lock',
  wants: (path) => projectFileName(path) === 'Pipfile.lock',
  async catalog(file, ctx) {
    const lock = await readJsonObject(file, ctx);
    if (!lock) return {};
    const entries: PypiEntry[] = [];
    for (const [section, dev] of SECTIONS) {
      const packages = lock[section];
      if (!isObject(packages)) continue;
      for (const [name, spec] of Object.entries(packages)) {
        const pin = isObject(spec) ? stringField(spec, 'version') : undefined;
        const version = pin && /^===?/.test(pin) ? pin.replace(/^===?/, '') : undefined;
        if (version) entries.push({ name, version, dev });
      }
    }
    return { packages: pypiPackages(entries, file) };
  },
};
