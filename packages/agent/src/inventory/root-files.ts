/** Reading a host's files below the inventory root; a missing file is simply absent. */
import type { Dirent } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { InventoryContext } from './collector.ts';

const ABSENT = new Set(['ENOENT', 'ENOTDIR']);

/** Absolute path on this machine of a host path (`/etc/passwd`) under the root. */
export function hostPath(ctx: Pick<InventoryContext, 'root'>, path: string): string {
  return join(ctx.root, path);
}

/** Text of a host file; undefined when it does not exist, a warning when it cannot be read. */
export async function readHostText(ctx: InventoryContext, path: string): Promise<string | undefined> {
  try {
    return await readFile(hostPath(ctx, path), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (!ABSENT.has(code)) ctx.warn(`cannot read ${path}: ${code || String(err)}`);
    return undefined;
  }
}

/** Entries of a host directory, sorted by name; empty when the directory does not exist. */
export async function listHostDir(ctx: InventoryContext, path: string): Promise<Dirent[]> {
  try {
    const entries = await readdir(hostPath(ctx, path), { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (!ABSENT.has(code)) ctx.warn(`cannot list ${path}: ${code || String(err)}`);
    return [];
  }
}

/** Lines of a config file without blank lines and `#` comments (leading whitespace trimmed). */
export function configLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}
