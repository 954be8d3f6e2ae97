/** Test helper: run one cataloger on one file from disk, the way the scan engine does. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogResult, Cataloger } from '../../../src/catalog/cataloger.ts';

export interface Cataloged extends CatalogResult {
  warnings: string[];
}

/** Catalog `bytes` (or the file at `abs`) as if it sat at `rel` in the scanned target. */
export async function catalogAs(cataloger: Cataloger, rel: string, bytes: Buffer | string): Promise<Cataloged> {
  const buf = typeof bytes === 'string' ? readFileSync(bytes) : bytes;
  const file = { path: rel, size: buf.length, mode: 0o644, read: async () => buf };
  if (!cataloger.wants(rel, file)) throw new Error(`${cataloger.name} does not want ${rel}`);
  const warnings: string[] = [];
  const tempDir = mkdtempSync(join(tmpdir(), 'vigil-os-test-'));
  try {
    const result = await cataloger.catalog(file, { tempDir, warn: (m) => warnings.push(m) });
    return { ...result, warnings };
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}
