/**
 * Where the built-in rule pack (`rules/` at the repository root) is, found from this module's own
 * location — the sources here, or the CLI bundle under packages/cli/dist — so it does not depend
 * on the working directory.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findShippedPath } from '@vigil/schema';

/** The `rules/` directory that holds the runtime pack. */
export function builtInRulesDir(from: string = fileURLToPath(import.meta.url)): string | undefined {
  const runtime = findShippedPath(dirname(from), 'rules/runtime');
  return runtime === undefined ? undefined : dirname(runtime);
}
