/**
 * pylock.toml (PEP 751): `[[packages]]` tables with `name` and, for index and archive sources,
 * `version`. Packages from a local `directory` are the project's own code; VCS packages may
 * omit the version, in which case nothing can be matched.
 */
import type { Cataloger } from '../cataloger.ts';
import { projectFileName } from './project-file.ts';
import { pypiPackages, type PypiEntry } from './pypi-package.ts';
import { readToml, stringOf, tables } from '../toml-table.ts';

/** `pylock.toml` or a named lock `pylock.<name>.toml`. */
const PYLOCK_NAME = /^pylock\.(?:[^/.]+\.)?toml$/;

export const pylockCataloger: Cataloger = {
  name: 'pylock',
  wants(path) {
    const name = projectFileName(path);
    return name !== undefined && PYLOCK_NAME.test(name);
  },
  async catalog(file, ctx) {
    const lock = await readToml(file, ctx);
    if (!lock) return {};
    const entries: PypiEntry[] = [];
    for (const pkg of tables(lock.packages)) {
      const name = stringOf(pkg, 'name');
      const version = stringOf(pkg, 'version');
      if (name && version && !('directory' in pkg)) entries.push({ name, version });
    }
    return { packages: pypiPackages(entries, file) };
  },
};
