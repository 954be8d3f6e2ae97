/**
 * poetry.lock (TOML, `[[package]]` tables). Dev-only packages are marked by `category = "dev"`
 * (lock format 1.x) or by `groups` not containing "main" (2.1+); lock 2.0 records neither, and
 * which packages are direct lives in pyproject.toml, so those stay unknown.
 */
import type { Cataloger } from '../cataloger.ts';
import { projectFileName } from './project-file.ts';
import { pypiPackages, type PypiEntry } from './pypi-package.ts';
import { isTable, readToml, stringOf, tables } from '../toml-table.ts';

/** Sources that are the project's own code rather than a published distribution. */
const LOCAL_SOURCES = new Set(['directory', 'file']);

export const poetryLockCataloger: Cataloger = {
  name: 'poetry-lock',
  wants: (path) => projectFileName(path) === 'poetry.lock',
  async catalog(file, ctx) {
    const lock = await readToml(file, ctx);
    if (!lock) return {};
    const entries: PypiEntry[] = [];
    for (const pkg of tables(lock.package)) {
      const name = stringOf(pkg, 'name');
      const version = stringOf(pkg, 'version');
      const sourceType = isTable(pkg.source) ? stringOf(pkg.source, 'type') : undefined;
      if (!name || !version || (sourceType && LOCAL_SOURCES.has(sourceType))) continue;
      entries.push({ name, version, dev: isDev(pkg.category, pkg.groups) });
    }
    return { packages: pypiPackages(entries, file) };
  },
};

function isDev(category: unknown, groups: unknown): boolean | undefined {
  if (typeof category === 'string') return category === 'dev';
  if (Array.isArray(groups) && groups.length) return !groups.includes('main');
  return undefined;
}
