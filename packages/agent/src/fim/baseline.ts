/** One-shot FIM over a state directory, for `vigil agent fim baseline|verify`. */
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { VigilEvent } from '@vigil/schema';
import { UserError } from '@vigil/schema';
import { BASELINE_FILE, BaselineStore } from './baseline-store.ts';
import { fileEvent, type HostRef } from './file-event.ts';
import { fullPass, type PassSummary } from './full-pass.ts';
import { Reconciler } from './reconcile.ts';
import { DEFAULT_FIM_PATHS, resolveRoots } from './roots.ts';

export interface OneShotOptions {
  stateDir: string;
  /** Roots to record (baseline) or check (verify); verify defaults to the baseline's own roots. */
  paths?: string[];
  host: HostRef;
  hashCap?: number;
  /** verify: re-read every file even when inode, size and times are unchanged. */
  deep?: boolean;
  onWarn?: (message: string) => void;
}

export interface OneShotResult extends PassSummary {
  roots: string[];
  missing: string[];
}

const ROOTS_KEY = 'roots';

/** Record the current state of the roots as the baseline, replacing what it held for them. */
export async function buildBaseline(opts: OneShotOptions): Promise<OneShotResult> {
  return withStore(opts.stateDir, async (store) => {
    const { roots, missing } = await resolveRoots(opts.paths ?? DEFAULT_FIM_PATHS);
    if (roots.length === 0) throw new UserError(`none of the FIM paths exist: ${missing.join(', ')}`, 'BAD_PATHS');
    store.setMeta(ROOTS_KEY, JSON.stringify(roots));
    const reconciler = new Reconciler(store, { hashCap: opts.hashCap, onChange: () => undefined });
    const ignore = [await realpath(opts.stateDir)];
    const summary = await fullPass(reconciler, roots, { deep: true, silent: true, ignore, onWarn: opts.onWarn });
    return { ...summary, changes: 0, roots, missing };
  });
}

/** Compare disk with the baseline; every difference is reported, then becomes the baseline. */
export async function verifyBaseline(opts: OneShotOptions, onEvent: (e: VigilEvent) => void): Promise<OneShotResult> {
  const none = () => new UserError(`no FIM baseline in ${opts.stateDir}: run \`vigil agent fim baseline\` first`, 'NO_BASELINE');
  if (!existsSync(join(opts.stateDir, BASELINE_FILE))) throw none();
  return withStore(opts.stateDir, async (store) => {
    const recorded = store.meta(ROOTS_KEY);
    if (recorded === undefined) throw none();
    const { roots, missing } = await resolveRoots(opts.paths ?? (JSON.parse(recorded) as string[]));
    const reconciler = new Reconciler(store, { hashCap: opts.hashCap, onChange: (c) => onEvent(fileEvent(c, opts.host)) });
    const ignore = [await realpath(opts.stateDir)];
    const summary = await fullPass(reconciler, roots, { deep: opts.deep, ignore, onWarn: opts.onWarn });
    return { ...summary, roots, missing };
  });
}

async function withStore<T>(stateDir: string, work: (store: BaselineStore) => Promise<T>): Promise<T> {
  const store = BaselineStore.open(stateDir);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}
