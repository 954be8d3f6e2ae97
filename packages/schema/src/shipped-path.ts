/**
 * Files Vigil ships beside its code — rule packs under `rules/`, the console build — found by
 * walking up from the module that needs them. The sources (packages/x/src/…) and the CLI bundle
 * (packages/cli/dist/chunks/…) sit at different depths, and the working directory is the user's.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `rel` under the nearest of `from` and its ancestors that holds it, or undefined. */
export function findShippedPath(from: string, rel: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, rel);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
