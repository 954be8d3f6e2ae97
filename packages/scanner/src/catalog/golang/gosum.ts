/**
 * go.sum: read because modules older than Go 1.17 list only part of their dependencies in go.mod.
 * Two kinds of lines exist: `<path> <version>/go.mod <hash>` for modules whose go.mod was consulted
 * while resolving versions (including versions never built), and `<path> <version> <hash>` for
 * modules whose source was downloaded. Only the latter are reported, and only the highest such
 * version of each module (the one minimal version selection keeps): the go.mod-only lines are what
 * makes raw go.sum listings notorious for false positives. Packages are marked indirect; the scan's
 * duplicate merge folds them into the go.mod entry when go.mod lists the same module.
 */
import type { Package } from '@vigil/schema';
import { comparatorFor } from '@vigil/vulndb';
import type { CatalogFile, Cataloger } from '../cataloger.ts';
import { goPackage } from './go-package.ts';

const goVersions = comparatorFor('Go')!;

export const goSumCataloger: Cataloger = {
  name: 'go-sum',
  wants: (path) => path === 'go.sum' || path.endsWith('/go.sum'),
  async catalog(file: CatalogFile) {
    return { packages: goSumPackages((await file.read()).toString('utf8'), file) };
  },
};

export function goSumPackages(text: string, file: Pick<CatalogFile, 'path' | 'layer'>): Package[] {
  const selected = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [path, version, hash] = line.trim().split(/\s+/);
    if (!path || !version || !hash || version.endsWith('/go.mod') || !goVersions.valid(version)) continue;
    const seen = selected.get(path);
    if (seen === undefined || goVersions.compare(version, seen) > 0) selected.set(path, version);
  }
  return [...selected].map(([path, version]) => goPackage({ path, version, indirect: true }, file));
}
