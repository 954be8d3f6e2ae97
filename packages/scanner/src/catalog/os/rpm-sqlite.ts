/**
 * rpm's sqlite backend (rpmdb.sqlite, default since rpm 4.16: Fedora 33+, RHEL 9+): table
 * Packages(hnum INTEGER PRIMARY KEY, blob BLOB) holds one header blob per installed package.
 * SQLite needs a file, so the bytes are written to the scan's temp dir first.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export function isSqlite(buf: Buffer): boolean {
  return buf.length >= 100 && buf.subarray(0, 16).equals(SQLITE_MAGIC);
}

export async function sqliteBlobs(buf: Buffer, tempDir: string): Promise<Buffer[]> {
  const dir = await mkdtemp(join(tempDir, 'rpmdb-'));
  const path = join(dir, 'rpmdb.sqlite');
  try {
    await writeFile(path, buf);
    // Not read-only: a WAL-mode database (rpm's choice) opens read-only only when its -shm file
    // exists, and this private copy has none. Nothing is ever written to it.
    const db = new Database(path, { fileMustExist: true });
    try {
      return db.prepare('SELECT blob FROM Packages ORDER BY hnum').pluck().all() as Buffer[];
    } finally {
      db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
