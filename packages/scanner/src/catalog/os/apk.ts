/**
 * Alpine packages (and those of other apk-based distros: Wolfi, Chainguard) from apk-tools'
 * database lib/apk/db/installed: blank-line separated records of one-letter `X:value` lines.
 */
import type { Package } from '@vigil/schema';
import { locationOf, type Cataloger } from '../cataloger.ts';

const INSTALLED = 'lib/apk/db/installed';

export const apkCataloger: Cataloger = {
  name: 'apk',
  wants: (path) => path === INSTALLED,
  async catalog(file, ctx) {
    const location = locationOf(file);
    const packages: Package[] = [];
    let damaged = 0;
    for (const record of records((await file.read()).toString('utf8'))) {
      const name = record.get('P');
      const version = record.get('V');
      if (!name || !version) {
        damaged++;
        continue;
      }
      // Subpackages share their origin's version: apk builds them from one APKBUILD.
      const pkg: Package = {
        name,
        version,
        type: 'apk',
        ecosystem: '',
        source: { name: record.get('o') || name, version },
        locations: [location],
      };
      const arch = record.get('A');
      if (arch) pkg.arch = arch;
      // L is one license expression (`GPL-2.0-only AND MIT`, older `MIT BSD`), kept whole.
      const license = record.get('L');
      if (license) pkg.licenses = [license];
      const maintainer = record.get('m');
      if (maintainer) pkg.metadata = { maintainer };
      packages.push(pkg);
    }
    if (damaged) ctx.warn(`apk: ${file.path}: skipped ${damaged} record(s) without name or version`);
    return { packages };
  },
};

/** Package-level fields of each record; repeated per-file fields (F:, R:, Z:, a:) are irrelevant here. */
function* records(text: string): Generator<Map<string, string>> {
  let current = new Map<string, string>();
  let lines = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) {
      if (lines) yield current;
      current = new Map();
      lines = 0;
      continue;
    }
    lines++;
    if (line[1] !== ':') continue;
    const key = line[0];
    if (!current.has(key)) current.set(key, line.slice(2).trim());
  }
  if (lines) yield current;
}
