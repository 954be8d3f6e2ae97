/**
 * Bring the baseline row of one path in line with the disk and say what changed. Real-time
 * events and full verification passes both go through here, one path at a time in a single
 * queue, so the two never interleave inside a path and a rename is paired the same way in both.
 */
import { lstat } from 'node:fs/promises';
import type { BaselineStore } from './baseline-store.ts';
import { attributeChanges, type FileChange, type FimSensor } from './file-event.ts';
import { readFileState, type FileState } from './file-state.ts';

export interface ReconcileOptions {
  hashCap?: number;
  onChange: (change: FileChange) => void;
}

export class Reconciler {
  private queue: Promise<unknown> = Promise.resolve();
  /** Changes reported so far. */
  changes = 0;

  constructor(
    readonly store: BaselineStore,
    private readonly opts: ReconcileOptions,
  ) {}

  /** Run `work` after everything queued before it. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Compare `path` on disk with its row; returns the current state (null when absent).
   * `reuseHash`: trust an unchanged inode, size, mtime and ctime instead of re-reading content.
   * `silent`: record without reporting (a root's first baseline).
   */
  path(path: string, how: { reuseHash: boolean; sensor: FimSensor; silent?: boolean }): Promise<FileState | null> {
    const { sensor } = how;
    return this.serial(async () => {
      if (how.silent) {
        const cur = await readFileState(path, { hashCap: this.opts.hashCap });
        if (cur) this.store.put(cur);
        else this.store.remove(path);
        return cur;
      }
      const prev = this.store.get(path);
      const cur = await readFileState(path, { hashCap: this.opts.hashCap, known: how.reuseHash ? prev : undefined });
      if (!cur) {
        if (prev) this.gone(prev, sensor);
        return null;
      }
      if (prev) {
        if (prev.type === 'dir' && cur.type !== 'dir') this.goneBelow(prev.path, sensor);
        for (const action of attributeChanges(prev, cur)) this.emit({ action, sensor, current: cur, previous: prev });
      } else {
        const source = await this.renameSource(cur);
        if (source) this.renamed(source, cur, sensor);
        else this.emit({ action: 'create', sensor, current: cur });
      }
      this.store.put(cur);
      return cur;
    });
  }

  /** A baseline row whose path looked gone (checked again under the queue); no sensor: forget silently. */
  missing(prev: FileState, sensor: FimSensor | undefined): Promise<void> {
    return this.serial(async () => {
      const row = this.store.get(prev.path);
      if (!row || (await existsAsInode(row))) return;
      if (sensor) this.gone(row, sensor);
      else this.store.remove(row.path);
    });
  }

  private emit(change: FileChange): void {
    this.changes += 1;
    this.opts.onChange(change);
  }

  /**
   * The row this new path was renamed from: same inode, same type, no longer at its old path.
   * A file keeps its mtime through a rename, which tells a rename from a reused inode number.
   */
  private async renameSource(cur: FileState): Promise<FileState | undefined> {
    for (const row of this.store.byInode(cur.dev, cur.ino)) {
      if (row.path === cur.path || row.type !== cur.type) continue;
      if (cur.type !== 'dir' && row.mtimeNs !== cur.mtimeNs) continue;
      if (!(await existsAsInode(row))) return row;
    }
    return undefined;
  }

  private renamed(source: FileState, cur: FileState, sensor: FimSensor): void {
    this.emit({ action: 'rename', sensor, current: cur, previous: source });
    for (const action of attributeChanges(source, cur)) this.emit({ action, sensor, current: cur, previous: { ...source, path: cur.path } });
    if (cur.type === 'dir') {
      for (const child of this.store.subtree(source.path)) {
        const moved = { ...child, path: cur.path + child.path.slice(source.path.length) };
        this.emit({ action: 'rename', sensor, current: moved, previous: child });
      }
      this.store.moveSubtree(source.path, cur.path);
    }
    this.store.remove(source.path);
  }

  private gone(prev: FileState, sensor: FimSensor): void {
    if (prev.type === 'dir') this.goneBelow(prev.path, sensor);
    this.emit({ action: 'delete', sensor, previous: prev });
    this.store.remove(prev.path);
  }

  private goneBelow(dir: string, sensor: FimSensor): void {
    for (const child of this.store.subtree(dir)) this.emit({ action: 'delete', sensor, previous: child });
    this.store.removeSubtree(dir);
  }
}

/** The row's path still holds the row's inode (a hard link, or not moved at all). */
async function existsAsInode(row: FileState): Promise<boolean> {
  try {
    const st = await lstat(row.path, { bigint: true });
    return st.ino.toString() === row.ino && st.dev.toString() === row.dev;
  } catch {
    return false;
  }
}
