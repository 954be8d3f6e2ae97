/** Which trees FIM watches. */
import { realpath } from 'node:fs/promises';
import { isAbsolute, resolve, sep } from 'node:path';
import { webRootsCollector } from '../inventory/collectors/web-roots.ts';
import { collectInventory } from '../inventory/snapshot.ts';

/** Defaults from the agent's brief; the inventory adds web roots it finds. */
export const DEFAULT_FIM_PATHS = ['/etc', '/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/lib/systemd', '/root/.ssh'];

/** The defaults plus the web roots the inventory finds in the web servers' configuration. */
export async function defaultFimPaths(root = '/'): Promise<string[]> {
  const table = (await collectInventory({ root, collectors: [webRootsCollector] })).tables.web_roots;
  const webRoots = 'rows' in table ? table.rows.map((r) => String(r.path)) : [];
  return [...new Set([...DEFAULT_FIM_PATHS, ...webRoots])];
}

/** `path` is `root` or lies below it. */
export function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Real, absolute, de-duplicated roots: `/bin` on a merged-/usr system is `/usr/bin`, and a root
 * inside another root is already covered by it. Roots that do not exist are left out (they are
 * reported by the caller); FIM never watches through a symlink.
 */
export async function resolveRoots(paths: string[]): Promise<{ roots: string[]; missing: string[] }> {
  const real: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    try {
      real.push(await realpath(isAbsolute(p) ? p : resolve(p)));
    } catch {
      missing.push(p);
    }
  }
  const sorted = [...new Set(real)].sort();
  const roots = sorted.filter((r, i) => !sorted.slice(0, i).some((outer) => isWithin(r, outer)));
  return { roots, missing };
}
