/**
 * Installed OS packages and the OS identity, found by the scanner's own catalogers on the host
 * root. The walk is pruned to where package managers keep their databases and release files, so
 * a host with millions of files is cataloged in well under a second.
 */
import type { OSInfo, Package } from '@vigil/schema';
import type { InventoryContext } from './collector.ts';
import { listHostDir, readHostText } from './root-files.ts';

/** The scanner's OS catalogers: release files, dpkg, apk, rpm. */
const OS_CATALOGERS = new Set(['os-release', 'dpkg', 'apk', 'rpm']);
/** Directories holding package databases and release files (all of etc for the release files). */
const KEEP = ['etc', 'usr/lib/os-release', 'usr/lib/sysimage/rpm', 'usr/share/rpm', 'var/lib/dpkg', 'var/lib/rpm', 'lib/apk/db'];

export interface OsPackages {
  os?: OSInfo;
  packages: Package[];
}

export function osPackages(ctx: InventoryContext): Promise<OsPackages> {
  return ctx.shared('os-packages', async () => {
    // Loaded on first use: the scanner is large, and most tables never need it.
    const { scan, allCatalogers } = await import('@vigil/scanner');
    const catalogers = allCatalogers.filter((c) => OS_CATALOGERS.has(c.name));
    const report = await scan('rootfs', ctx.root, { catalogers, skipDirs: await prunedDirs(ctx, '') });
    for (const w of report.warnings) ctx.warn(w);
    return { os: report.target.os, packages: report.packages };
  });
}

/** Every directory beside the kept paths, down to them: the walk never enters these. */
async function prunedDirs(ctx: InventoryContext, dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await listHostDir(ctx, `/${dir}`)) {
    if (!e.isDirectory()) continue;
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (KEEP.includes(rel)) continue;
    if (KEEP.some((k) => k.startsWith(`${rel}/`))) out.push(...(await prunedDirs(ctx, rel)));
    else out.push(rel);
  }
  return out;
}

/** Installed package owning each file, from dpkg's file lists (`/var/lib/dpkg/info/<pkg>.list`). */
export function dpkgFileOwners(ctx: InventoryContext): Promise<Map<string, string>> {
  return ctx.shared('dpkg-owners', async () => {
    const owners = new Map<string, string>();
    for (const e of await listHostDir(ctx, '/var/lib/dpkg/info')) {
      if (!e.name.endsWith('.list')) continue;
      const pkg = e.name.slice(0, -'.list'.length).replace(/:.*$/, ''); // multi-arch `name:arch`
      for (const line of ((await readHostText(ctx, `/var/lib/dpkg/info/${e.name}`)) ?? '').split('\n')) if (line) owners.set(line, pkg);
    }
    return owners;
  });
}
