/** Test support: catalog a directory through the scan engine, as `vigil scan fs` does. */
import { catalogSource, type CatalogOutcome } from '../src/engine.ts';
import { openDirectorySource } from '../src/source/index.ts';

/**
 * Every registered cataloger over the directory's files, manifests linked to their lockfiles.
 * `skipDirs` as `--skip-dirs` takes them (`**\/node_modules`).
 */
export function catalogDirectory(dir: string, skipDirs: readonly string[] = []): Promise<CatalogOutcome> {
  return catalogSource((opts) => openDirectorySource(dir, 'fs', opts), { skipDirs });
}
