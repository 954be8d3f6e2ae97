/**
 * The live process table from procfs, read once per snapshot and shared by `processes`,
 * `listening_ports` and `middleware`. A process that exits while being read is skipped.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { userName } from './accounts.ts';
import type { InventoryContext } from './collector.ts';
import { cgroupPathFromProcFile, containerFromCgroupPath } from '../sensors/cgroup.ts';

/** USER_HZ: the unit of /proc/<pid>/stat times, fixed at 100 by the Linux user-space ABI. */
const USER_HZ = 100;

export interface ProcessInfo {
  pid: number;
  ppid: number;
  name: string;
  /** Executable path; ` (deleted)` is kept when the file was replaced or removed since exec. */
  path: string;
  cmdline: string[];
  state: string;
  uid: number;
  euid: number;
  gid: number;
  username: string | null;
  /** RFC 3339, from boot time plus the start tick. */
  start_time: string;
  container_id: string | null;
  /** Inode of the network namespace: processes that share it share sockets tables. */
  net_namespace: string | null;
  /** Inodes of the sockets the process holds open. */
  socketInodes: number[];
}

export function processes(ctx: InventoryContext): Promise<ProcessInfo[]> {
  return ctx.shared('processes', async () => {
    const bootTime = await bootSeconds(ctx.proc);
    const pids = (await readdir(ctx.proc)).filter((n) => /^\d+$/.test(n)).map(Number);
    const out: ProcessInfo[] = [];
    for (const pid of pids.sort((a, b) => a - b)) {
      const info = await readProcess(ctx, pid, bootTime);
      if (info) out.push(info);
    }
    return out;
  });
}

async function bootSeconds(proc: string): Promise<number> {
  const m = /^btime (\d+)$/m.exec(await readFile(join(proc, 'stat'), 'utf8'));
  return m ? Number(m[1]) : 0;
}

async function readProcess(
  ctx: InventoryContext,
  pid: number,
  bootTime: number,
): Promise<ProcessInfo | undefined> {
  const dir = join(ctx.proc, String(pid));
  let stat_: string, status: string;
  try {
    [stat_, status] = await Promise.all([readFile(join(dir, 'stat'), 'utf8'), readFile(join(dir, 'status'), 'utf8')]);
  } catch {
    return undefined; // exited
  }
  // comm may itself hold spaces and parentheses: the fields start after the last `)`.
  const close = stat_.lastIndexOf(')');
  const name = stat_.slice(stat_.indexOf('(') + 1, close);
  const fields = stat_.slice(close + 2).split(' ');
  const ids = (key: string) => (new RegExp(`^${key}:\\s+(\\d+)\\s+(\\d+)`, 'm').exec(status) ?? []).slice(1).map(Number);
  const [uid, euid] = ids('Uid');
  const [gid] = ids('Gid');
  const [cmdline, path, cgroup, netns, socketInodes] = await Promise.all([
    readFile(join(dir, 'cmdline'), 'utf8').catch(() => ''),
    readlink(join(dir, 'exe')).catch(() => ''),
    readFile(join(dir, 'cgroup'), 'utf8').catch(() => ''),
    readlink(join(dir, 'ns/net')).catch(() => ''),
    sockets(dir),
  ]);
  return {
    pid,
    ppid: Number(fields[1]),
    name,
    path,
    cmdline: cmdline.split('\0').filter((a, i, all) => a !== '' || i < all.length - 1),
    state: fields[0],
    uid: uid ?? -1,
    euid: euid ?? -1,
    gid: gid ?? -1,
    username: (await userName(ctx, uid ?? -1)) ?? null,
    start_time: new Date((bootTime + Number(fields[19]) / USER_HZ) * 1000).toISOString(),
    container_id: containerFromCgroupPath(cgroupPathFromProcFile(cgroup) ?? '')?.id ?? null,
    net_namespace: /^net:\[(\d+)\]$/.exec(netns)?.[1] ?? null,
    socketInodes,
  };
}

/**
 * SHA-256 of the running executable, read through /proc/<pid>/exe (the file the process runs,
 * even if deleted or in another mount namespace), computed once per (device, inode, mtime) in `hashes`.
 */
export async function exeHash(proc: string, pid: number, hashes: Map<string, Promise<string | null>>): Promise<string | null> {
  const exe = join(proc, String(pid), 'exe');
  let key: string;
  try {
    const st = await stat(exe);
    key = `${st.dev}:${st.ino}:${st.mtimeMs}`;
  } catch {
    return null;
  }
  let hash = hashes.get(key);
  if (!hash) {
    hash = new Promise((resolve) => {
      const h = createHash('sha256');
      createReadStream(exe)
        .on('data', (chunk) => h.update(chunk))
        .on('end', () => resolve(h.digest('hex')))
        .on('error', () => resolve(null));
    });
    hashes.set(key, hash);
  }
  return hash;
}

async function sockets(dir: string): Promise<number[]> {
  let fds: string[];
  try {
    fds = await readdir(join(dir, 'fd'));
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const fd of fds) {
    const m = /^socket:\[(\d+)\]$/.exec(await readlink(join(dir, 'fd', fd)).catch(() => ''));
    if (m) out.push(Number(m[1]));
  }
  return out;
}
