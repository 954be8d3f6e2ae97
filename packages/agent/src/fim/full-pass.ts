/**
 * A full pass over the watched roots: the first one records the baseline, later ones report
 * everything that differs from it — including changes made while the agent was not running.
 */
import type { Reconciler } from './reconcile.ts';
import { isWithin } from './roots.ts';
import { walkTree } from './walk.ts';

export interface PassOptions {
  /** Re-read every file's content even when inode, size and times are unchanged. */
  deep?: boolean;
  /** Record the disk as the baseline without reporting differences. */
  silent?: boolean;
  ignore?: string[];
  onWarn?: (message: string) => void;
  /** Ends the pass early (agent shutting down); an unfinished pass reports no deletions. */
  signal?: AbortSignal;
}

export interface PassSummary {
  /** Paths walked. */
  checked: number;
  /** Changes reported while the pass ran (real-time ones included). */
  changes: number;
  /** Rows in the baseline afterwards. */
  entries: number;
}

/**
 * Walk `roots` through `reconciler` (which reports every difference), then report what the walk
 * did not find. A root without a baseline yet (newly configured, e.g. a web root the inventory
 * found) is recorded silently rather than reported file by file as created. Rows outside the
 * roots are left alone: a root checked again later reports what changed meanwhile.
 */
export async function fullPass(reconciler: Reconciler, roots: string[], opts: PassOptions = {}): Promise<PassSummary> {
  const { store } = reconciler;
  const before = reconciler.changes;
  store.beginPass();
  let checked = 0;
  for (const root of roots) {
    const silent = opts.silent || store.get(root) === undefined;
    for await (const path of walkTree(root, { ignore: opts.ignore, onWarn: opts.onWarn })) {
      if (opts.signal?.aborted) return { checked, changes: reconciler.changes - before, entries: store.count() };
      await reconciler.path(path, { reuseHash: !opts.deep, sensor: 'fim-scan', silent });
      checked += 1;
    }
  }
  for (const row of store.unseen()) {
    if (opts.ignore?.some((i) => isWithin(row.path, i))) store.remove(row.path);
    else if (roots.some((r) => isWithin(row.path, r))) await reconciler.missing(row, opts.silent ? undefined : 'fim-scan');
  }
  return { checked, changes: reconciler.changes - before, entries: store.count() };
}

