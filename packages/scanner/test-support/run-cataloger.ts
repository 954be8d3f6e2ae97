/** Test support: run one cataloger on a real file and collect what it reports. */
import { readFileSync, statSync } from 'node:fs';
import type { Package } from '@vigil/schema';
import type { Cataloger, ProjectManifest } from '../src/catalog/cataloger.ts';

export interface Outcome {
  packages: Package[];
  warnings: string[];
  /** Only present when the cataloger read a project manifest. */
  manifest?: ProjectManifest;
}

/** Catalog `absPath` as if the scan root made it `relPath`. */
export async function runCataloger(cataloger: Cataloger, absPath: string, relPath = absPath.replace(/^\//, '')): Promise<Outcome> {
  return runOnBytes(cataloger, readFileSync(absPath), relPath, statSync(absPath).mode);
}

export async function runOnBytes(cataloger: Cataloger, bytes: Buffer | string, relPath: string, mode = 0o644): Promise<Outcome> {
  const content = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  const warnings: string[] = [];
  const result = await cataloger.catalog(
    { path: relPath, size: content.length, mode, read: async () => content },
    { tempDir: '/nonexistent', warn: (m) => warnings.push(m) },
  );
  return { packages: result.packages ?? [], warnings, ...(result.manifest ? { manifest: result.manifest } : {}) };
}

/** `name@version` of each package, sorted: the shape golden lists are compared in. */
export function ids(packages: readonly Package[]): string[] {
  return packages.map((p) => `${p.name}@${p.version}`).sort();
}
