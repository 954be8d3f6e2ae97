/** Reading one live process from /proc. Every read may lose the race with the process's exit. */
import { readFileSync, readlinkSync } from 'node:fs';
import { cgroupPathFromProcFile } from './cgroup.ts';
import { TICKS_PER_SECOND, type ProcessRecord } from './process-record.ts';

export interface ProcStat {
  comm: string;
  ppid: number;
  startTicks: number;
  ttyNr: number;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function readLink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** /proc/<pid>/stat: the comm is parenthesised and may itself hold spaces and parentheses. */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state); ppid is field 4, tty_nr field 7, starttime field 22.
  const ppid = Number(rest[1]);
  const ttyNr = Number(rest[4]);
  const startTicks = Number(rest[19]);
  if (!Number.isInteger(ppid) || !Number.isInteger(startTicks)) return undefined;
  return { comm: text.slice(open + 1, close), ppid, startTicks, ttyNr };
}

/** tty_nr as a device name: Unix98 ptys (major 136–143) and virtual consoles (major 4). */
export function ttyName(ttyNr: number): string | undefined {
  if (ttyNr === 0) return undefined;
  const major = (ttyNr >> 8) & 0xfff;
  const minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
  if (major >= 136 && major <= 143) return `pts/${(major - 136) * 256 + minor}`;
  if (major === 4 && minor < 64) return `tty${minor}`;
  return `${major}:${minor}`;
}

export function readProcStat(pid: number, root = '/proc'): ProcStat | undefined {
  const text = readText(`${root}/${pid}/stat`);
  return text === undefined ? undefined : parseProcStat(text);
}

export function readExecutable(pid: number, root = '/proc'): string | undefined {
  return readLink(`${root}/${pid}/exe`)?.replace(/ \(deleted\)$/, '');
}

function ids(status: string, field: 'Uid' | 'Gid'): [number, number] {
  const m = new RegExp(`^${field}:\\s+(\\d+)\\s+(\\d+)`, 'm').exec(status);
  return m ? [Number(m[1]), Number(m[2])] : [-1, -1];
}

let bootEpochNs: bigint | undefined;

/** Boot time from /proc/stat (whole seconds: /proc offers no finer start time anyway). */
function bootTimeNs(root: string): bigint | undefined {
  if (bootEpochNs !== undefined && root === '/proc') return bootEpochNs;
  const btime = /^btime (\d+)$/m.exec(readText(`${root}/stat`) ?? '');
  const ns = btime ? BigInt(btime[1]) * 1_000_000_000n : undefined;
  if (root === '/proc') bootEpochNs = ns;
  return ns;
}

/** An exec record for a live process, as complete as /proc allows; undefined if it has gone. */
export function readProcessRecord(pid: number, nowNs: bigint, root = '/proc'): ProcessRecord | undefined {
  const stat = readProcStat(pid, root);
  const status = readText(`${root}/${pid}/status`);
  if (!stat || status === undefined) return undefined;
  const cmdline = readText(`${root}/${pid}/cmdline`) ?? '';
  const [uid, euid] = ids(status, 'Uid');
  const [gid, egid] = ids(status, 'Gid');
  const parent = readProcStat(stat.ppid, root);
  const cgroup = readText(`${root}/${pid}/cgroup`);
  const tickNs = BigInt(1e9 / TICKS_PER_SECOND);
  const boot = bootTimeNs(root);
  return {
    kind: 'exec',
    pid,
    ppid: stat.ppid,
    startBootNs: BigInt(stat.startTicks) * tickNs,
    startNs: boot === undefined ? undefined : boot + BigInt(stat.startTicks) * tickNs,
    parentStartBootNs: parent ? BigInt(parent.startTicks) * tickNs : undefined,
    timeNs: nowNs,
    uid,
    euid,
    gid,
    egid,
    comm: stat.comm,
    parentComm: parent?.comm,
    executable: readExecutable(pid, root),
    args: cmdline ? cmdline.replace(/\0$/, '').split('\0') : [],
    cwd: readLink(`${root}/${pid}/cwd`),
    tty: ttyName(stat.ttyNr),
    cgroupPath: cgroup === undefined ? undefined : cgroupPathFromProcFile(cgroup),
  };
}
