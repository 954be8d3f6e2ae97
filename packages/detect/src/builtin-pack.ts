/**
 * Where the built-in rule pack (`rules/` at the repository root) is, found from this module's own
 * location — the sources here, or the CLI bundle under packages/cli/dist — so it does not depend
 * on the working directory.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest ancestor holding both `rules/` and `packages/`: the repository (or install) root. */
export function builtInRulesDir(from: string = fileURLToPath(import.meta.url)): string | undefined {
  let dir = dirname(from);
  for (let depth = 0; depth < 8; depth++) {
    if (existsSync(join(dir, 'rules')) && existsSync(join(dir, 'packages'))) return join(dir, 'rules');
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}
