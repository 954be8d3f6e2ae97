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
import type { CatalogFile, Cataloger } from '../cataloger.ts';
import { goPackage } from './go-package.ts';

export const goSumCataloger: Cataloger = {
  name: 'go-sum',
  wants: (path) => path === 'go.sum' || path.endsWith('/go.sum'),
  async catalog(file: CatalogFile) {
    return { packages: goSumPackages((await file.read()).toString('utf8'), file) };
  },
};

export function goSumPackages(text: string, file: Pick<CatalogFile, 'path' | 'layer'>): Package[] {
  const selected = new Map<string, { version: string; key: ModuleVersion }>();
  for (const line of text.split('\n')) {
    const [path, version, hash] = line.trim().split(/\s+/);
    if (!path || !version || !hash || version.endsWith('/go.mod')) continue;
    const key = moduleVersion(version);
    if (!key) continue;
    const seen = selected.get(path);
    if (!seen || compareModuleVersions(key, seen.key) > 0) selected.set(path, { version, key });
  }
  return [...selected].map(([path, { version }]) => goPackage({ path, version, indirect: true }, file));
}

/** A parsed module version: `v<major>.<minor>.<patch>[-<prerelease>][+<build>]` (build ignored). */
interface ModuleVersion {
  core: [number, number, number];
  pre: string[];
}

const MODULE_VERSION = /^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function moduleVersion(v: string): ModuleVersion | undefined {
  const m = MODULE_VERSION.exec(v);
  if (!m) return undefined;
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split('.') : [] };
}

/** Semantic Versioning 2.0 precedence; pseudo-versions are prereleases and order by their timestamp. */
function compareModuleVersions(a: ModuleVersion, b: ModuleVersion): number {
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i] - b.core[i];
  if (!a.pre.length || !b.pre.length) return b.pre.length - a.pre.length;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return Number(x) - Number(y);
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.pre.length - b.pre.length;
}
