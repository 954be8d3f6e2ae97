/**
 * Login records from /var/log/wtmp (glibc `struct utmp`, 384 bytes on every 64-bit Linux ABI:
 * 32-bit time fields for compatibility). Used by `last` and the users table's last login.
 */
import { readFile } from 'node:fs/promises';
import type { InventoryContext } from './collector.ts';
import { hostPath } from './root-files.ts';

const RECORD = 384;
const TYPE_NAMES = ['empty', 'run_level', 'boot_time', 'new_time', 'old_time', 'init', 'login', 'user', 'dead', 'accounting'];

export interface LoginRecord {
  username: string;
  tty: string;
  pid: number;
  type: number;
  type_name: string;
  /** Seconds since the epoch. */
  time: number;
  host: string;
}

const cString = (buf: Buffer, start: number, len: number) => {
  const field = buf.subarray(start, start + len);
  const end = field.indexOf(0);
  return field.toString('utf8', 0, end === -1 ? len : end);
};

export function parseWtmp(buf: Buffer): LoginRecord[] {
  const out: LoginRecord[] = [];
  for (let off = 0; off + RECORD <= buf.length; off += RECORD) {
    const type = buf.readInt32LE(off);
    if (type === 0) continue;
    out.push({
      type,
      type_name: TYPE_NAMES[type] ?? String(type),
      pid: buf.readInt32LE(off + 4),
      tty: cString(buf, off + 8, 32),
      username: cString(buf, off + 44, 32),
      host: cString(buf, off + 76, 256),
      time: buf.readUInt32LE(off + 340),
    });
  }
  return out;
}

export function lastLogins(ctx: InventoryContext): Promise<LoginRecord[]> {
  return ctx.shared('wtmp', async () => {
    let buf: Buffer;
    try {
      buf = await readFile(hostPath(ctx, '/var/log/wtmp'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') ctx.warn(`cannot read /var/log/wtmp: ${code}`);
      return [];
    }
    if (buf.length % RECORD !== 0) ctx.warn(`/var/log/wtmp: ${buf.length % RECORD} trailing bytes ignored`);
    return parseWtmp(buf);
  });
}
