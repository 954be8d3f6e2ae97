/**
 * Turns sensor records into process.exec / process.exit / network.connect / network.accept /
 * network.listen / process.setuid / dns.query VigilEvents: entity ids, parent and
 * ancestors from the process table (or /proc for a process started before the agent), and the
 * container from the cgroup path plus the runtime's API. Fork records only feed the table.
 */
import type { VigilEvent } from '@vigil/schema';
import { processEntityId } from '@vigil/schema';
import { containerFromCgroupPath } from './cgroup.ts';
import type { ContainerInfo } from './docker-lookup.ts';
import { ProcessCache, type CachedProcess } from './process-cache.ts';
import { bootNsToTicks, type Connection, type ProcessRecord } from './process-record.ts';
import { readExecutable, readProcStat } from './proc-reader.ts';

export interface ContainerResolver {
  lookup(id: string): Promise<ContainerInfo | undefined>;
}

type ProcessFields = NonNullable<VigilEvent['process']>;
type ProcessRef = NonNullable<ProcessFields['parent']>;
/** A record that stands for an event: every kind but `fork`. */
export type EventRecord = ProcessRecord & { kind: Exclude<ProcessRecord['kind'], 'fork'> };

/** RFC 3339 with nanoseconds, from ns since the epoch. */
export function rfc3339Ns(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const iso = new Date(Number(ms)).toISOString(); // …T12:34:56.789Z
  return `${iso.slice(0, 19)}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}Z`;
}

/** Exit code as a shell reports it: the status, or 128 + the signal that ended the process. */
export function exitCodeFromStatus(status: number): { code: number; signal?: number } {
  const signal = status & 0x7f;
  return signal ? { code: 128 + signal, signal } : { code: (status >> 8) & 0xff };
}

const EVENT_KIND = {
  exec: 'process.exec',
  exit: 'process.exit',
  connect: 'network.connect',
  accept: 'network.accept',
  listen: 'network.listen',
  setuid: 'process.setuid',
  dns: 'dns.query',
} as const satisfies Record<EventRecord['kind'], VigilEvent['event']['kind']>;

/**
 * ECS: the source opened the connection. A connect is local → remote; an accept remote → local.
 * A connect is seen before the kernel picks its local port (0 then): the port is left out. A
 * listener is where connections will arrive: its address is the destination, and there is no source.
 */
function connectionFields(kind: ProcessRecord['kind'], c: Connection): Pick<VigilEvent, 'network' | 'source' | 'destination'> {
  const local = { ip: c.localIp, port: c.localPort || undefined };
  const remote = { ip: c.remoteIp, port: c.remotePort };
  const network = { transport: kind === 'dns' ? 'udp' : 'tcp', type: c.family };
  if (kind === 'listen') return { network, destination: local };
  return {
    network,
    source: kind === 'accept' ? remote : local,
    destination: kind === 'accept' ? local : remote,
  };
}

function parentStartTicks(r: ProcessRecord): number | undefined {
  return r.parentStartBootNs === undefined ? undefined : bootNsToTicks(r.parentStartBootNs);
}

function ref(p: CachedProcess): ProcessRef {
  return { pid: p.pid, entity_id: p.entityId, name: p.name, executable: p.executable };
}

export class ProcessEventBuilder {
  constructor(
    private readonly host: { id: string; name?: string },
    private readonly containers: ContainerResolver,
    private readonly cache = new ProcessCache(),
  ) {}

  /** A live process read from /proc and remembered; only the one with this start, if given. */
  readonly #fromProc = (pid: number, startTicks?: number): CachedProcess | undefined => {
    const stat = readProcStat(pid);
    if (!stat || (startTicks !== undefined && stat.startTicks !== startTicks)) return undefined;
    const p: CachedProcess = {
      pid,
      ppid: stat.ppid,
      startTicks: stat.startTicks,
      entityId: processEntityId(this.host.id, pid, stat.startTicks),
      name: stat.comm,
      executable: readExecutable(pid),
    };
    this.cache.set(p);
    return p;
  };

  /** The parent as the process table knows it, else from /proc while it still lives. */
  #parent(r: ProcessRecord): CachedProcess | undefined {
    const startTicks = parentStartTicks(r);
    if (r.ppid === 0) return undefined;
    const known = this.cache.get(r.ppid, startTicks) ?? this.#fromProc(r.ppid, startTicks);
    if (known || startTicks === undefined) return known;
    // Gone already and never seen: what the sensor itself saw of it is still worth a node.
    return { pid: r.ppid, ppid: 0, startTicks, entityId: processEntityId(this.host.id, r.ppid, startTicks), name: r.parentComm ?? '' };
  }

  /** A new process enters the table under its parent, running its parent's program until it execs. */
  #fork(r: ProcessRecord): void {
    const startTicks = bootNsToTicks(r.startBootNs);
    this.cache.set({
      pid: r.pid,
      ppid: r.ppid,
      startTicks,
      parentStartTicks: parentStartTicks(r),
      entityId: processEntityId(this.host.id, r.pid, startTicks),
      name: r.comm,
      executable: this.#parent(r)?.executable,
    });
  }

  async #container(r: ProcessRecord): Promise<Pick<VigilEvent, 'container' | 'k8s'>> {
    const found = r.cgroupPath ? containerFromCgroupPath(r.cgroupPath) : undefined;
    if (!found) return {};
    const info = await this.containers.lookup(found.id);
    return {
      container: { id: found.id, runtime: found.runtime, name: info?.name, image: info?.image, privileged: info?.privileged },
      k8s: info?.k8s,
    };
  }

  /** The event a record stands for; a fork stands for none. */
  async handle(r: ProcessRecord, sensor: string): Promise<VigilEvent | undefined> {
    if (r.kind === 'fork') {
      this.#fork(r);
      return undefined;
    }
    return this.build(r as EventRecord, sensor);
  }

  async build(r: EventRecord, sensor: string): Promise<VigilEvent> {
    const startTicks = bootNsToTicks(r.startBootNs);
    const entityId = processEntityId(this.host.id, r.pid, startTicks);
    const parent = this.#parent(r);
    const process: ProcessFields = {
      pid: r.pid,
      entity_id: entityId,
      name: r.comm,
      start: r.startNs === undefined ? undefined : rfc3339Ns(r.startNs),
      user: { id: String(r.uid), effective: { id: String(r.euid) } },
      group: { id: String(r.gid) },
      parent: parent ? ref(parent) : { pid: r.ppid },
    };
    const labels: Record<string, string> = {};
    let network: Pick<VigilEvent, 'network' | 'source' | 'destination'> = {};
    let dns: VigilEvent['dns'];
    if (r.connection) {
      // The process was seen at its exec (or is read from /proc): name its program.
      process.executable = this.cache.get(r.pid, startTicks)?.executable ?? readExecutable(r.pid);
      network = connectionFields(r.kind, r.connection);
      if (r.dns) dns = { question: r.dns };
    } else if (r.kind === 'exec') {
      this.cache.set({ pid: r.pid, ppid: r.ppid, startTicks, parentStartTicks: parentStartTicks(r), entityId, name: r.comm, executable: r.executable });
      Object.assign(process, {
        executable: r.executable,
        args: r.args,
        command_line: r.args?.join(' '),
        working_directory: r.cwd,
        tty: r.tty,
      });
      if (r.argsTruncated) labels.args_truncated = 'true';
      if (r.egid !== r.gid) labels.egid = String(r.egid);
      const ancestors = this.cache.ancestorsOf(parent, this.#fromProc).map(ref);
      if (ancestors.length) process.ancestors = ancestors;
    } else if (r.kind === 'setuid') {
      process.executable = this.cache.get(r.pid, startTicks)?.executable ?? readExecutable(r.pid);
    } else {
      process.executable = this.cache.get(r.pid, startTicks)?.executable;
      // Kept a while: its children's execs may still be on their way.
      this.cache.exited(r.pid, startTicks, r.timeNs);
      if (r.exitStatus !== undefined) {
        const { code, signal } = exitCodeFromStatus(r.exitStatus);
        process.exit_code = code;
        if (signal) labels.signal = String(signal);
      }
    }
    const event: VigilEvent = {
      time: rfc3339Ns(r.timeNs),
      event: { kind: EVENT_KIND[r.kind], sensor },
      host: this.host,
      process,
      user: { id: String(r.uid) },
      ...network,
      ...(dns ? { dns } : {}),
      ...(await this.#container(r)),
    };
    if (Object.keys(labels).length) event.labels = labels;
    return event;
  }
}
