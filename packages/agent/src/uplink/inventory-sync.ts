/**
 * Keeps the server's copy of the host inventory current: a full snapshot first, then, at each
 * re-collection, only the tables whose content changed, and a full refresh every few hours so a
 * server that lost state recovers. What was last acknowledged is remembered as one fingerprint
 * per table, never as the snapshot itself.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { InventorySnapshot } from '../inventory/snapshot.ts';
import { Periodic } from './periodic.ts';

export interface InventoryUpload {
  id: string;
  full: boolean;
  snapshot: InventorySnapshot;
}

export interface InventorySyncOptions {
  collect: () => Promise<InventorySnapshot>;
  /** Resolves once the server acknowledged the upload. */
  send: (upload: InventoryUpload) => Promise<void>;
  /** Re-collection interval. Default 5 min. */
  everyMs?: number;
  /** Full refresh interval. Default 6 h. */
  fullEveryMs?: number;
  onWarn?: (message: string) => void;
  now?: () => number;
}

export type SyncOutcome = 'full' | 'changes' | 'unchanged';

const fingerprint = (table: unknown): string => createHash('sha256').update(JSON.stringify(table)).digest('base64');

export class InventorySync {
  readonly #fingerprints = new Map<string, string>();
  #lastFullAt?: number;
  readonly #periodic: Periodic;

  constructor(private readonly opts: InventorySyncOptions) {
    this.#periodic = new Periodic('inventory', () => this.sync(), opts.everyMs ?? 300_000, opts.onWarn);
  }

  /** Collects now and uploads what the server does not have yet. */
  async sync(): Promise<SyncOutcome> {
    const now = this.opts.now ?? Date.now;
    const snapshot = await this.opts.collect();
    const prints = new Map(Object.entries(snapshot.tables).map(([name, table]) => [name, fingerprint(table)]));
    const full = this.#lastFullAt === undefined || now() - this.#lastFullAt >= (this.opts.fullEveryMs ?? 6 * 3600_000);
    const changed = full ? [...prints.keys()] : [...prints].filter(([name, print]) => this.#fingerprints.get(name) !== print).map(([name]) => name);
    if (changed.length === 0) return 'unchanged';
    const tables = Object.fromEntries(changed.map((name) => [name, snapshot.tables[name]]));
    await this.opts.send({ id: randomUUID(), full, snapshot: { ...snapshot, tables } });
    // Only what the server acknowledged counts as known to it.
    if (full) {
      this.#fingerprints.clear();
      this.#lastFullAt = now();
    }
    for (const name of changed) this.#fingerprints.set(name, prints.get(name)!);
    return full ? 'full' : 'changes';
  }

  /** Syncs now and then every `everyMs`; a failed upload is retried sooner, with backoff. */
  start(): void {
    this.#periodic.start();
  }

  stop(): Promise<void> {
    return this.#periodic.stop();
  }
}
