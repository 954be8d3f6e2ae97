/**
 * File integrity monitoring for a running agent: inotify (through @parcel/watcher) for real-time
 * changes, a full pass at start-up for changes made while the agent was down, and a scheduled
 * full pass for anything the kernel queue dropped. inotify does not name the writing process;
 * a sensor that does (fanotify, eBPF) can join its events to these by path and time.
 */
import { realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import watcher, { type AsyncSubscription, type Event as WatchEvent } from '@parcel/watcher';
import type { VigilEvent } from '@vigil/schema';
import { BaselineStore } from './baseline-store.ts';
import { fileEvent, type HostRef } from './file-event.ts';
import { fullPass, type PassSummary } from './full-pass.ts';
import { Reconciler } from './reconcile.ts';
import { isWithin, resolveRoots } from './roots.ts';
import { walkTree } from './walk.ts';

export interface FimOptions {
  paths: string[];
  stateDir: string;
  host: HostRef;
  onEvent: (event: VigilEvent) => void;
  onWarn?: (message: string) => void;
  hashCap?: number;
  /** Full re-verification interval; 0 turns it off. Default 12 h. */
  verifyEveryMs?: number;
  /** Quiet time that ends a burst of events on the same paths. Default 100 ms. */
  debounceMs?: number;
  /** A burst is processed after this long even if it has not gone quiet. Default 500 ms. */
  maxDelayMs?: number;
}

const DEFAULT_VERIFY_EVERY_MS = 12 * 3600_000;

export class FimMonitor {
  private readonly store: BaselineStore;
  private readonly reconciler: Reconciler;
  private roots: string[] = [];
  private readonly ignore: string[] = [];
  private subs: AsyncSubscription[] = [];
  private timer?: NodeJS.Timeout;
  /** Paths seen in the current burst; a later event on the same path replaces the earlier one. */
  private burst = new Map<string, WatchEvent['type']>();
  private burstTimer?: NodeJS.Timeout;
  private burstStarted = 0;
  private flushing: Promise<void> = Promise.resolve();
  private verifying?: Promise<void>;
  private readonly stopping = new AbortController();

  constructor(private readonly opts: FimOptions) {
    this.store = BaselineStore.open(opts.stateDir);
    this.reconciler = new Reconciler(this.store, {
      hashCap: opts.hashCap,
      onChange: (change) => opts.onEvent(fileEvent(change, opts.host)),
    });
  }

  /**
   * Subscribe first, then verify: a change made during the start-up pass is seen by one or the
   * other (both is harmless: the second finds nothing left to report).
   */
  async start(): Promise<PassSummary> {
    const { roots, missing } = await resolveRoots(this.opts.paths);
    for (const m of missing) this.opts.onWarn?.(`fim: ${m} does not exist; not watched`);
    this.roots = roots;
    this.ignore.push(await realpath(this.opts.stateDir));
    for (const root of roots) {
      const onEvents = (err: Error | null, events: WatchEvent[]) => {
        if (!err) return this.take(events);
        // A watcher error can mean lost events (inotify queue overflow): a full pass finds them.
        this.opts.onWarn?.(`fim: watcher on ${root}: ${err.message}; verifying`);
        this.scheduledVerify();
      };
      try {
        this.subs.push(await watcher.subscribe(root, onEvents));
      } catch (err) {
        // Typically fs.inotify.max_user_watches: the root is still covered by full passes.
        this.opts.onWarn?.(`fim: cannot watch ${root} in real time (${(err as Error).message}); scheduled verification only`);
      }
    }
    const summary = await this.verify();
    const every = this.opts.verifyEveryMs ?? DEFAULT_VERIFY_EVERY_MS;
    if (every > 0) this.timer = setInterval(() => this.scheduledVerify(), every);
    return summary;
  }

  /** A background pass; one at a time, since a second would only repeat the first. */
  private scheduledVerify(): void {
    if (this.verifying) return;
    this.verifying = this.verify()
      .catch((e: Error) => this.opts.onWarn?.(`fim: verification failed: ${e.message}`))
      .then(() => {
        this.verifying = undefined;
      });
  }

  /** A full pass now; its findings are reported with sensor `fim-scan`. */
  verify(): Promise<PassSummary> {
    return fullPass(this.reconciler, this.roots, { ignore: this.ignore, onWarn: this.opts.onWarn, signal: this.stopping.signal });
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.timer);
    clearTimeout(this.burstTimer);
    await Promise.all(this.subs.map((s) => s.unsubscribe()));
    this.subs = [];
    await this.flush();
    await this.verifying;
    this.store.close();
  }

  private take(events: WatchEvent[]): void {
    if (this.burst.size === 0) this.burstStarted = Date.now();
    for (const e of events) this.burst.set(e.path, e.type);
    clearTimeout(this.burstTimer);
    const maxDelay = this.opts.maxDelayMs ?? 500;
    const wait = Math.max(0, Math.min(this.opts.debounceMs ?? 100, this.burstStarted + maxDelay - Date.now()));
    this.burstTimer = setTimeout(() => void this.flush(), wait);
  }

  private flush(): Promise<void> {
    const burst = this.burst;
    this.burst = new Map();
    this.flushing = this.flushing.then(() => this.process(burst)).catch((e: Error) => this.opts.onWarn?.(`fim: ${e.message}`));
    return this.flushing;
  }

  /** Creates and updates before deletes, so the create side of a rename finds its source row. */
  private async process(burst: Map<string, WatchEvent['type']>): Promise<void> {
    const ordered = [...burst].sort(([, a], [, b]) => Number(a === 'delete') - Number(b === 'delete'));
    for (const [path] of ordered) {
      if (!(await this.inside(path))) continue;
      const cur = await this.reconciler.path(path, { reuseHash: false, sensor: 'inotify' });
      // A directory that just appeared may hold files created before its watch existed.
      if (cur?.type === 'dir') for await (const p of walkTree(path, { ignore: this.ignore })) if (p !== path) await this.reconciler.path(p, { reuseHash: true, sensor: 'inotify' });
    }
  }

  /** Inside a watched root without passing through a symlink, and not the agent's own state. */
  private async inside(path: string): Promise<boolean> {
    if (this.ignore.some((i) => isWithin(path, i))) return false;
    const parent = dirname(path);
    const real = await realpath(parent).catch(() => undefined);
    // A parent that is gone: a deletion inside a removed directory, handled with the directory.
    if (real === undefined) return this.roots.some((r) => isWithin(path, r));
    return real === parent && this.roots.some((r) => isWithin(path, r));
  }
}
