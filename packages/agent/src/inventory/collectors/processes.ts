import type { Collector, Row } from '../collector.ts';
import { exeHash, processes } from '../proc.ts';

/** osquery `processes` (`parent` is the ppid), with the executable's SHA-256 and container id. */
export const processesCollector: Collector = {
  name: 'processes',
  description: 'Running processes / 运行中的进程',
  async collect(ctx) {
    // Hashed here only: the other tables that read the process table need no hashes.
    const hashes = new Map<string, Promise<string | null>>();
    const rows: Row[] = [];
    for (const p of await processes(ctx)) {
      rows.push({
        pid: p.pid,
        parent: p.ppid,
        name: p.name,
        path: p.path,
        cmdline: p.cmdline.join(' '),
        state: p.state,
        uid: p.uid,
        euid: p.euid,
        gid: p.gid,
        username: p.username,
        start_time: p.start_time,
        sha256: p.path ? await exeHash(ctx.proc, p.pid, hashes) : null,
        container_id: p.container_id,
        net_namespace: p.net_namespace,
      });
    }
    return rows;
  },
};
