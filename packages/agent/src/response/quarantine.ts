/**
 * Response actions `quarantine_file` and `restore_file`. Quarantine moves a file into a
 * protected store (a directory only its owner, the agent, can enter: 0700), where it is kept
 * unreadable to others and non-executable (0400) beside its metadata: original path, mode,
 * owner, times, size, sha256 and the reason. Restore puts it back byte for byte with its mode,
 * owner and times. Both follow the action registry's signature: `(params) => Promise<ActionResult>`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, chown, copyFile, lstat, mkdir, readFile, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const DEFAULT_QUARANTINE_DIR = '/var/lib/vigil/quarantine';

export interface ActionResult {
  ok: boolean;
  message: string;
  /** The action that reverses this one, for the registry to offer. */
  undo?: { type: string; params: Record<string, unknown> };
}

export interface QuarantineParams {
  path: string;
  reason?: string;
  /** Refuse when the file's sha256 is no longer this (it changed since it was flagged). */
  sha256?: string;
  /** The quarantine store (default /var/lib/vigil/quarantine). */
  store?: string;
}

export interface RestoreParams {
  id: string;
  store?: string;
  /** Replace a file that has since appeared at the original path. */
  overwrite?: boolean;
}

/** What the store keeps beside each quarantined file. */
export interface QuarantineRecord {
  id: string;
  originalPath: string;
  /** Permission bits, octal text (`0755`). */
  mode: string;
  uid: number;
  gid: number;
  /** Access and modification times, ms since the epoch (fractions kept). */
  atimeMs: number;
  mtimeMs: number;
  size: number;
  sha256: string;
  reason: string;
  quarantinedAt: string;
}

const ID = /^[0-9a-f-]{36}$/;

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) h.update(chunk);
  return h.digest('hex');
}

/** The store directory, created 0700 if missing; a store others can enter is refused. */
async function openStore(store: string): Promise<string> {
  await mkdir(store, { recursive: true, mode: 0o700 });
  const st = await lstat(store);
  if (!st.isDirectory()) throw new Error(`quarantine store ${store} is not a directory`);
  if ((st.mode & 0o077) !== 0) await chmod(store, 0o700);
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) throw new Error(`quarantine store ${store} is owned by uid ${st.uid}, not the agent`);
  return store;
}

/** rename when on one filesystem; otherwise copy, check, and remove the source. */
async function move(from: string, to: string, sha256: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    if ((await sha256Of(to)) !== sha256) {
      await unlink(to);
      throw new Error(`copy of ${from} does not match its sha256`);
    }
    await unlink(from);
  }
}

function isParams(p: unknown): p is Record<string, unknown> {
  return typeof p === 'object' && p !== null;
}

export async function quarantineFile(params: QuarantineParams): Promise<ActionResult> {
  if (!isParams(params) || typeof params.path !== 'string' || !params.path.startsWith('/')) return { ok: false, message: 'quarantine_file: params.path must be an absolute path' };
  const { path } = params;
  try {
    const st = await lstat(path).catch(() => undefined);
    if (!st) return { ok: false, message: `quarantine_file: ${path} does not exist` };
    if (!st.isFile()) return { ok: false, message: `quarantine_file: ${path} is not a regular file` };
    const sha256 = await sha256Of(path);
    if (params.sha256 && params.sha256.toLowerCase() !== sha256) return { ok: false, message: `quarantine_file: ${path} changed since it was flagged (sha256 ${sha256})` };
    const store = await openStore(params.store ?? DEFAULT_QUARANTINE_DIR);
    const id = randomUUID();
    const dir = join(store, id);
    await mkdir(dir, { mode: 0o700 });
    const record: QuarantineRecord = {
      id,
      originalPath: path,
      mode: (st.mode & 0o7777).toString(8).padStart(4, '0'),
      uid: st.uid,
      gid: st.gid,
      atimeMs: st.atimeMs,
      mtimeMs: st.mtimeMs,
      size: st.size,
      sha256,
      reason: params.reason ?? '',
      quarantinedAt: new Date().toISOString(),
    };
    // Metadata first: a crash after the move still leaves a record of where the file came from.
    await writeFile(join(dir, 'meta.json'), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
    await move(path, join(dir, 'content'), sha256);
    await chmod(join(dir, 'content'), 0o400);
    return { ok: true, message: `quarantined ${path} as ${id}`, undo: { type: 'restore_file', params: { id, store } } };
  } catch (err) {
    return { ok: false, message: `quarantine_file: ${path}: ${(err as Error).message}` };
  }
}

/** The record of a quarantined file. */
export async function quarantineRecord(id: string, store = DEFAULT_QUARANTINE_DIR): Promise<QuarantineRecord> {
  if (!ID.test(id)) throw new Error(`not a quarantine id: '${id}'`);
  return JSON.parse(await readFile(join(store, id, 'meta.json'), 'utf8')) as QuarantineRecord;
}

export async function restoreFile(params: RestoreParams): Promise<ActionResult> {
  if (!isParams(params) || typeof params.id !== 'string' || !ID.test(params.id)) return { ok: false, message: 'restore_file: params.id must be a quarantine id' };
  const store = params.store ?? DEFAULT_QUARANTINE_DIR;
  const dir = join(store, params.id);
  try {
    const record = await quarantineRecord(params.id, store).catch(() => undefined);
    if (!record) return { ok: false, message: `restore_file: ${params.id} is not in the quarantine store ${store}` };
    const target = record.originalPath;
    if (!params.overwrite && (await lstat(target).catch(() => undefined))) return { ok: false, message: `restore_file: ${target} exists; not overwritten` };
    const content = join(dir, 'content');
    if ((await sha256Of(content)) !== record.sha256) return { ok: false, message: `restore_file: quarantined copy of ${target} does not match its sha256` };
    await mkdir(dirname(target), { recursive: true });
    await move(content, target, record.sha256);
    await chown(target, record.uid, record.gid).catch((err: NodeJS.ErrnoException) => {
      // Without privilege the owner can only stay the agent's own; anything else is an error.
      if (err.code !== 'EPERM' || record.uid !== process.getuid?.()) throw err;
    });
    await chmod(target, parseInt(record.mode, 8));
    await utimes(target, record.atimeMs / 1000, record.mtimeMs / 1000);
    await rm(dir, { recursive: true, force: true });
    const size = (await stat(target)).size;
    return { ok: true, message: `restored ${target} (${size} bytes)`, undo: { type: 'quarantine_file', params: { path: target, reason: record.reason, store } } };
  } catch (err) {
    return { ok: false, message: `restore_file: ${params.id}: ${(err as Error).message}` };
  }
}
