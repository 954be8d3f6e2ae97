/**
 * Decoder for the ring-buffer records of bpf/process.bpf.c. The offsets mirror `struct record`
 * there; change both together.
 */
import { dnsQuestion } from './dns-question.ts';
import { formatIpv4, formatIpv6 } from './ip-format.ts';
import type { Connection, ProcessRecord } from './process-record.ts';

const COMM_LEN = 16;
const CGROUP_LEVELS = 4;
const CGROUP_NAME = 128;
const TTY_LEN = 32;
const FILENAME_LEN = 256;
const CWD_LEVELS = 16;
const CWD_NAME = 96;

const KIND_EXEC = 1;
const KIND_EXIT = 2;
const KIND_CONNECT = 3;
const KIND_ACCEPT = 4;
const KIND_LISTEN = 5;
const KIND_SETUID = 6;
const KIND_DNS = 7;
const KIND_FORK = 8;
const AF_INET = 2;
const AF_INET6 = 10;
/** Size of a connect/accept record: family, ports, two 16-byte addresses after the cgroup. */
const NET_RECORD_SIZE_AFTER_EXIT = 8 + 32;
const FLAG_ARGS_TRUNCATED = 1;
const FLAG_CWD_TRUNCATED = 2;

const OFF_COMM = 80;
const OFF_PARENT_COMM = OFF_COMM + COMM_LEN;
const OFF_CGROUP = OFF_PARENT_COMM + COMM_LEN;
/** Size of an exit (or fork) record: everything before the tty. */
export const EXIT_RECORD_SIZE = OFF_CGROUP + CGROUP_LEVELS * CGROUP_NAME;
const OFF_TTY = EXIT_RECORD_SIZE;
const OFF_FILENAME = OFF_TTY + TTY_LEN;
const OFF_CWD = OFF_FILENAME + FILENAME_LEN;
export const ARGS_OFFSET = OFF_CWD + CWD_LEVELS * CWD_NAME;

function cstr(buf: Buffer, off: number, len: number): string {
  const end = buf.indexOf(0, off);
  return buf.toString('utf8', off, end < 0 || end > off + len ? off + len : end);
}

/** argv as the kernel laid it out: NUL-terminated strings back to back. */
export function splitArgs(area: Buffer): string[] {
  if (area.length === 0) return [];
  const body = area[area.length - 1] === 0 ? area.subarray(0, area.length - 1) : area;
  return body.toString('utf8').split('\0');
}

/** `pts0` is how the kernel names /dev/pts/0. */
function ttyName(raw: string): string | undefined {
  if (!raw) return undefined;
  const pts = /^pts(\d+)$/.exec(raw);
  return pts ? `pts/${pts[1]}` : raw;
}

const KINDS: Record<number, ProcessRecord['kind']> = { [KIND_EXEC]: 'exec', [KIND_EXIT]: 'exit', [KIND_CONNECT]: 'connect', [KIND_ACCEPT]: 'accept', [KIND_LISTEN]: 'listen', [KIND_SETUID]: 'setuid', [KIND_DNS]: 'dns', [KIND_FORK]: 'fork' };

function decodeConnection(net: Buffer): Connection | undefined {
  const family = net.readUInt16LE(0);
  if (family !== AF_INET && family !== AF_INET6) return undefined;
  const ip = family === AF_INET ? formatIpv4 : formatIpv6;
  return {
    family: family === AF_INET ? 'ipv4' : 'ipv6',
    localPort: net.readUInt16LE(2),
    remotePort: net.readUInt16LE(4),
    localIp: ip(net.subarray(8, 24)),
    remoteIp: ip(net.subarray(24, 40)),
  };
}

/**
 * Decode one record. `bootToEpochNs` converts the kernel's boot-relative clock to wall time.
 * Returns undefined for a record too short for its kind (a layout mismatch, never user input).
 */
export function decodeBpfRecord(buf: Buffer, bootToEpochNs: bigint): ProcessRecord | undefined {
  if (buf.length < EXIT_RECORD_SIZE) return undefined;
  const kindCode = buf.readUInt32LE(0);
  if (kindCode < KIND_EXEC || kindCode > KIND_FORK) return undefined;
  const flags = buf.readUInt32LE(60);
  const cgroupLevels = Math.min(buf.readUInt32LE(68), CGROUP_LEVELS);
  const cgroupNames: string[] = [];
  for (let i = 0; i < cgroupLevels; i++) cgroupNames.unshift(cstr(buf, OFF_CGROUP + i * CGROUP_NAME, CGROUP_NAME));
  const startBootNs = buf.readBigUInt64LE(32);
  const record: ProcessRecord = {
    kind: KINDS[kindCode],
    pid: buf.readUInt32LE(4),
    ppid: buf.readUInt32LE(12),
    uid: buf.readUInt32LE(16),
    euid: buf.readUInt32LE(20),
    gid: buf.readUInt32LE(24),
    egid: buf.readUInt32LE(28),
    startBootNs,
    startNs: startBootNs + bootToEpochNs,
    parentStartBootNs: buf.readBigUInt64LE(40),
    timeNs: buf.readBigUInt64LE(48) + bootToEpochNs,
    comm: cstr(buf, OFF_COMM, COMM_LEN),
    parentComm: cstr(buf, OFF_PARENT_COMM, COMM_LEN),
    cgroupPath: `/${cgroupNames.join('/')}`,
  };
  if (kindCode === KIND_CONNECT || kindCode === KIND_ACCEPT || kindCode === KIND_LISTEN) {
    if (buf.length < EXIT_RECORD_SIZE + NET_RECORD_SIZE_AFTER_EXIT) return undefined;
    record.connection = decodeConnection(buf.subarray(OFF_TTY));
    return record.connection ? record : undefined;
  }
  if (kindCode === KIND_DNS) {
    // The connection fields, then the datagram where an exec's argv would be.
    const argsLen = buf.readUInt32LE(64);
    if (buf.length < ARGS_OFFSET + argsLen) return undefined;
    record.connection = decodeConnection(buf.subarray(OFF_TTY));
    record.dns = dnsQuestion(buf.subarray(ARGS_OFFSET, ARGS_OFFSET + argsLen));
    return record.connection && record.dns ? record : undefined;
  }
  if (record.kind === 'setuid' || record.kind === 'fork') return record;
  if (record.kind === 'exit') {
    record.exitStatus = buf.readInt32LE(56);
    return record;
  }
  const argsLen = buf.readUInt32LE(64);
  if (buf.length < ARGS_OFFSET + argsLen) return undefined;
  const cwdLevels = Math.min(buf.readUInt32LE(72), CWD_LEVELS);
  const cwdNames: string[] = [];
  for (let i = 0; i < cwdLevels; i++) cwdNames.unshift(cstr(buf, OFF_CWD + i * CWD_NAME, CWD_NAME));
  record.tty = ttyName(cstr(buf, OFF_TTY, TTY_LEN));
  record.executable = cstr(buf, OFF_FILENAME, FILENAME_LEN);
  // A cwd deeper than the kernel walk is reported as its innermost part, marked with `…`.
  record.cwd = (flags & FLAG_CWD_TRUNCATED ? '…/' : '/') + cwdNames.join('/');
  record.args = splitArgs(buf.subarray(ARGS_OFFSET, ARGS_OFFSET + argsLen));
  if (flags & FLAG_ARGS_TRUNCATED) record.argsTruncated = true;
  return record;
}
