/**
 * The FIM baseline on disk: one SQLite row per watched path, so a tree of any size is compared
 * row by row and never held in memory. WAL with synchronous=NORMAL: a crash may lose the last few
 * baseline updates, which the next start-up verification reports again rather than missing.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '@vigil/schema';
import type { FileState, FileType } from './file-state.ts';

interface Row {
  path: string;
  type: FileType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime_ns: string;
  ctime_ns: string;
  ino: string;
  dev: string;
  sha256: string | null;
  partial: number;
  target: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY, type TEXT NOT NULL, mode INTEGER NOT NULL, uid INTEGER NOT NULL, gid INTEGER NOT NULL,
  size INTEGER NOT NULL, mtime_ns TEXT NOT NULL, ctime_ns TEXT NOT NULL, ino TEXT NOT NULL, dev TEXT NOT NULL,
  sha256 TEXT, partial INTEGER NOT NULL, target TEXT, seen INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS files_inode ON files (dev, ino);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export const BASELINE_FILE = 'fim.sqlite';

function toState(r: Row): FileState {
  return {
    path: r.path,
    type: r.type,
    mode: r.mode,
    uid: r.uid,
    gid: r.gid,
    size: r.size,
    mtimeNs: r.mtime_ns,
    ctimeNs: r.ctime_ns,
    ino: r.ino,
    dev: r.dev,
    sha256: r.sha256 ?? undefined,
    partial: r.partial === 1,
    target: r.target ?? undefined,
  };
}

/** Paths strictly below `dir`, as a half-open range on the primary key ('0' follows '/'). */
function subtreeRange(dir: string): [string, string] {
  const base = dir.endsWith('/') ? dir : `${dir}/`;
  return [base, `${base.slice(0, -1)}0`];
}

export class BaselineStore {
  private readonly db: Database.Database;
  /** The verification pass in progress (or last finished): rows not marked with it are unseen. */
  generation: number;

  private constructor(db: Database.Database) {
    this.db = db;
    this.generation = Number(this.meta('generation') ?? '0');
  }

  /** Open (creating if needed) the baseline under the agent's state directory. */
  static open(stateDir: string): BaselineStore {
    let db: Database.Database;
    try {
      mkdirSync(stateDir, { recursive: true });
      db = new Database(join(stateDir, BASELINE_FILE));
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(SCHEMA);
    } catch (err) {
      throw new UserError(`cannot open FIM baseline in ${stateDir}: ${(err as Error).message}`, 'BAD_STATE_DIR');
    }
    return new BaselineStore(db);
  }

  close(): void {
    this.db.close();
  }

  meta(key: string): string | undefined {
    const r = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return r?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Start a verification pass: rows are unseen until `put` marks them with the new generation. */
  beginPass(): number {
    this.generation += 1;
    this.setMeta('generation', String(this.generation));
    return this.generation;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n;
  }

  get(path: string): FileState | undefined {
    const r = this.db.prepare('SELECT * FROM files WHERE path = ?').get(path) as Row | undefined;
    return r && toState(r);
  }

  put(s: FileState): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO files (path, type, mode, uid, gid, size, mtime_ns, ctime_ns, ino, dev, sha256, partial, target, seen)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.path, s.type, s.mode, s.uid, s.gid, s.size, s.mtimeNs, s.ctimeNs, s.ino, s.dev, s.sha256 ?? null, s.partial ? 1 : 0, s.target ?? null, this.generation);
  }

  remove(path: string): void {
    this.db.prepare('DELETE FROM files WHERE path = ?').run(path);
  }

  /** Rows with this inode: the candidates for "where did this new path come from". */
  byInode(dev: string, ino: string): FileState[] {
    return (this.db.prepare('SELECT * FROM files WHERE dev = ? AND ino = ?').all(dev, ino) as Row[]).map(toState);
  }

  /** Every row below `dir`, streamed. */
  *subtree(dir: string): Generator<FileState> {
    const [lo, hi] = subtreeRange(dir);
    for (const r of this.db.prepare('SELECT * FROM files WHERE path >= ? AND path < ? ORDER BY path').iterate(lo, hi)) yield toState(r as Row);
  }

  removeSubtree(dir: string): void {
    const [lo, hi] = subtreeRange(dir);
    this.db.prepare('DELETE FROM files WHERE path >= ? AND path < ?').run(lo, hi);
  }

  /** A directory was renamed: its descendants' rows follow it. */
  moveSubtree(from: string, to: string): void {
    const [lo, hi] = subtreeRange(from);
    this.db.transaction(() => {
      // Anything already recorded at the destination is stale: the rename replaced it.
      this.removeSubtree(to);
      this.db.prepare('UPDATE files SET path = ? || substr(path, ?) WHERE path >= ? AND path < ?').run(to, from.length + 1, lo, hi);
    })();
  }

  /**
   * Rows of earlier passes, streamed in path order: after a full walk these are the paths that
   * no longer exist. Read in pages so deleting the yielded rows while iterating is safe.
   */
  *unseen(): Generator<FileState> {
    const page = this.db.prepare('SELECT * FROM files WHERE seen < ? AND path > ? ORDER BY path LIMIT 500');
    let after = '';
    for (;;) {
      const rows = page.all(this.generation, after) as Row[];
      if (rows.length === 0) return;
      for (const r of rows) yield toState(r);
      after = rows[rows.length - 1].path;
    }
  }
}
