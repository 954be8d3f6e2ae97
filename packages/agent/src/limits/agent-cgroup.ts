/**
 * Optional CPU and memory caps for the agent itself: a cgroup v2 group (default
 * /sys/fs/cgroup/vigil-agent) with cpu.max and memory.max, the agent's process moved in, and the
 * group removed again on exit (the process first moved back to the parent, since a cgroup with
 * members cannot be removed). The filesystem is injected so the steps are testable on hosts whose
 * cpu and memory controllers are still on cgroup v1.
 */
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '@vigil/schema';

export interface CgroupFs {
  readFile(path: string): Promise<string>;
  writeFile(path: string, data: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
}

const nodeFs: CgroupFs = {
  readFile: (p) => readFile(p, 'utf8'),
  writeFile: (p, d) => writeFile(p, d),
  mkdir: async (p) => {
    await mkdir(p).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  },
  rmdir: (p) => rmdir(p),
};

export interface AgentCgroupOptions {
  /** Percent of one CPU (e.g. 5, or 150 for one and a half CPUs). */
  cpuPercent?: number;
  memoryBytes?: number;
  pid?: number;
  root?: string;
  name?: string;
  fs?: CgroupFs;
}

/** cgroup v2's default CPU period, in microseconds. */
const CPU_PERIOD_US = 100_000;

export class AgentCgroup {
  private constructor(
    readonly path: string,
    private readonly root: string,
    private readonly pid: number,
    private readonly fs: CgroupFs,
  ) {}

  /** Creates the group, sets the caps and moves the process in; a UserError if cgroup v2 cannot do it here. */
  static async create(o: AgentCgroupOptions): Promise<AgentCgroup> {
    const fs = o.fs ?? nodeFs;
    const root = o.root ?? '/sys/fs/cgroup';
    const needed = [...(o.cpuPercent !== undefined ? ['cpu'] : []), ...(o.memoryBytes !== undefined ? ['memory'] : [])];
    const controllers = await fs.readFile(join(root, 'cgroup.controllers')).catch(() => undefined);
    if (controllers === undefined) throw unavailable(root, 'not a cgroup v2 hierarchy');
    const missing = needed.filter((c) => !controllers.split(/\s+/).includes(c));
    if (missing.length) throw unavailable(root, `controller ${missing.join(', ')} not available (still on cgroup v1?)`);
    const path = join(root, o.name ?? 'vigil-agent');
    const group = new AgentCgroup(path, root, o.pid ?? process.pid, fs);
    try {
      // Children only get a controller the parent delegates to them.
      await fs.writeFile(join(root, 'cgroup.subtree_control'), needed.map((c) => `+${c}`).join(' '));
      await fs.mkdir(path);
      if (o.cpuPercent !== undefined) await fs.writeFile(join(path, 'cpu.max'), `${Math.max(1000, Math.round((o.cpuPercent / 100) * CPU_PERIOD_US))} ${CPU_PERIOD_US}`);
      if (o.memoryBytes !== undefined) await fs.writeFile(join(path, 'memory.max'), String(o.memoryBytes));
      await fs.writeFile(join(path, 'cgroup.procs'), String(group.pid));
    } catch (err) {
      await group.remove().catch(() => undefined);
      throw unavailable(root, (err as Error).message);
    }
    return group;
  }

  /** Moves the process back to the root group and removes this one. */
  async remove(): Promise<void> {
    await this.fs.writeFile(join(this.root, 'cgroup.procs'), String(this.pid)).catch(() => undefined);
    await this.fs.rmdir(this.path).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }
}

function unavailable(root: string, why: string): UserError {
  return new UserError(`--cpu-max/--memory-max need a writable cgroup v2 hierarchy at ${root}: ${why}`, 'CGROUP_UNAVAILABLE');
}

/** Percent of one CPU from the command line; undefined when it is not a positive number. */
export function parseCpuPercent(text: string): number | undefined {
  const n = Number(text.replace(/%$/, ''));
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
