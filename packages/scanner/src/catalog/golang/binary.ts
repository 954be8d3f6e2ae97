/**
 * Go executables: the modules and toolchain recorded in the build-info blob, i.e. what was
 * actually linked in, which is more precise than any go.mod next to it.
 */
import type { Package } from '@vigil/schema';
import type { CatalogFile, Cataloger, FileInfo } from '../cataloger.ts';
import { readBuildInfo } from './buildinfo.ts';
import { DEVEL_VERSION, STDLIB, goPackage, isLocalPath } from './go-package.ts';
import { parseModInfo, type Module } from './modinfo.ts';
import { stdlibVersion } from './toolchain.ts';

const EXEC_BITS = 0o111;
/** Larger than real Go programs (the biggest are a few hundred MB) but keeps a stray disk image out. */
export const MAX_GO_BINARY_SIZE = 512 * 1024 * 1024;

export const goBinaryCataloger: Cataloger = {
  name: 'go-binary',

  wants(_path: string, info: FileInfo): boolean {
    return (info.mode & EXEC_BITS) !== 0 && info.size > 0 && info.size <= MAX_GO_BINARY_SIZE;
  },

  async catalog(file: CatalogFile) {
    const info = readBuildInfo(await file.read());
    return info ? { packages: goBinaryPackages(info.goVersion, info.modinfo, file) } : {};
  },
};

export function goBinaryPackages(goVersion: string, modinfo: string, file: Pick<CatalogFile, 'path' | 'layer'>): Package[] {
  const mod = parseModInfo(modinfo);
  const arch = mod.settings.get('GOARCH');
  const common = { goToolchain: goVersion };
  const packages: Package[] = [];

  if (mod.main?.path) {
    // `(devel)` (no VCS stamp) is kept so the SBOM names the program; no advisory matches it.
    const version = mod.main.version || DEVEL_VERSION;
    packages.push(goPackage({ path: mod.main.path, version, arch, metadata: { ...common, mainModule: true, ...vcs(mod.settings) } }, file));
  }
  for (const dep of mod.deps) {
    const compiled = compiledModule(dep);
    if (compiled) packages.push(goPackage({ ...compiled, arch, metadata: { ...common, ...compiled.metadata } }, file));
  }
  const stdlib = stdlibVersion(goVersion);
  if (stdlib) packages.push(goPackage({ path: STDLIB, version: stdlib, arch, metadata: common }, file));
  return packages;
}

/**
 * The module whose code a `dep` line put into the binary: a module-path replacement's path and
 * version; for a directory replacement the original path at `(devel)`, as Go itself records it.
 */
function compiledModule(dep: Module): { path: string; version: string; metadata: Record<string, unknown> } | undefined {
  const rep = dep.replace;
  if (!rep) return dep.version ? { path: dep.path, version: dep.version, metadata: sum(dep.sum) } : undefined;
  const replaces = dep.version ? `${dep.path}@${dep.version}` : dep.path;
  if (isLocalPath(rep.path)) return { path: dep.path, version: DEVEL_VERSION, metadata: { replaces, localReplace: rep.path } };
  if (!rep.version) return undefined;
  return { path: rep.path, version: rep.version, metadata: { replaces, ...sum(rep.sum) } };
}

function sum(h1: string | undefined): Record<string, unknown> {
  return h1 ? { h1 } : {};
}

function vcs(settings: Map<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const revision = settings.get('vcs.revision');
  if (revision) out.vcsRevision = revision;
  if (settings.get('vcs.modified') === 'true') out.vcsModified = true;
  return out;
}
