/** Stream every path of a tree, depth first, without following symlinks or holding the tree. */
import { opendir } from 'node:fs/promises';
import { join } from 'node:path';
import { isWithin } from './roots.ts';

export interface WalkOptions {
  /** Subtrees left out (the agent's own state directory, for one). */
  ignore?: string[];
  onWarn?: (message: string) => void;
}

/** Yields `root` itself, then everything below it. */
export async function* walkTree(root: string, opts: WalkOptions = {}): AsyncGenerator<string> {
  const ignored = (p: string) => opts.ignore?.some((i) => isWithin(p, i)) ?? false;
  if (ignored(root)) return;
  yield root;
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let handle;
    try {
      handle = await opendir(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ENOTDIR: the root is a file; ENOENT: removed while we walked.
      if (code !== 'ENOTDIR' && code !== 'ENOENT') opts.onWarn?.(`fim: cannot read ${dir}: ${(err as Error).message}`);
      continue;
    }
    for await (const entry of handle) {
      const path = join(dir, entry.name);
      if (ignored(path)) continue;
      yield path;
      // Dirent types come from lstat semantics: a symlink to a directory is not descended into.
      if (entry.isDirectory()) pending.push(path);
    }
  }
}
