/**
 * What every process sensor (eBPF, proc polling) reports, before enrichment into a VigilEvent:
 * execs and exits, and (eBPF only) forks, the TCP connections a process opens or accepts and the TCP
 * ports it starts listening on, and the DNS queries it sends over UDP.
 * Times are nanoseconds since boot (CLOCK_BOOTTIME) so that start times match /proc's ticks.
 */
export interface ProcessRecord {
  /**
   * `setuid`: a setuid-family call succeeded; the credentials are those it set. `fork`: a new
   * process (not a thread) was created; it only feeds the process table and is no event.
   */
  kind: 'fork' | 'exec' | 'exit' | 'connect' | 'accept' | 'listen' | 'setuid' | 'dns';
  pid: number;
  ppid: number;
  /** Process start, ns since boot; with pid it names the process (`processEntityId`). */
  startBootNs: bigint;
  parentStartBootNs?: bigint;
  /** Process start as wall-clock ns since the epoch, when the sensor knows the boot time. */
  startNs?: bigint;
  /** When the event happened, as wall-clock ns since the epoch. */
  timeNs: bigint;
  uid: number;
  euid: number;
  gid: number;
  egid: number;
  comm: string;
  parentComm?: string;
  /** The path the program was executed as (exec only). */
  executable?: string;
  args?: string[];
  argsTruncated?: boolean;
  cwd?: string;
  tty?: string;
  /** The process's cgroup path (leaf levels at least), where container ids are read from. */
  cgroupPath?: string;
  /** Raw wait status (exit only). */
  exitStatus?: number;
  /** The connection (connect, accept, listen); local and remote as the socket sees them (a listener has no remote end). */
  connection?: Connection;
  /** The question of a DNS query (dns only; its connection is the UDP datagram's ends). */
  dns?: { name: string; type: string };
}

export interface Connection {
  family: 'ipv4' | 'ipv6';
  localIp: string;
  localPort: number;
  remoteIp: string;
  remotePort: number;
}

/** Linux USER_HZ: /proc/<pid>/stat start times are in these ticks. */
export const TICKS_PER_SECOND = 100;

export function bootNsToTicks(ns: bigint): number {
  return Number(ns / BigInt(1e9 / TICKS_PER_SECOND));
}
