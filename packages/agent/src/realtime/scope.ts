/** Where the real-time malware watcher looks: web roots and the places droppers write to. */
import { isWithin } from '../fim/roots.ts';

/**
 * Default watched trees: common web roots, world-writable scratch space, and home directories.
 * The inventory's web roots (middleware document roots) are added by the caller.
 */
export const DEFAULT_MALWARE_PATHS = ['/var/www', '/srv', '/usr/share/nginx/html', '/tmp', '/var/tmp', '/dev/shm', '/home', '/root'];

/** `path` lies in one of `roots` (exact root or below it). */
export function inScope(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => isWithin(path, root));
}
