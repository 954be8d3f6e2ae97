import type { Collector } from '../collector.ts';
import { processes } from '../proc.ts';

/** osquery `processes` (`parent` is the ppid), with the executable's SHA-256 and container id. */
export const processesCollector: Collector = {
  name: 'processes',
  description: 'Running processes / 运行中的进程',
  async collect(ctx) {
    return (await processes(ctx)).map(({ socketInodes: _, ppid, cmdline, ...p }) => ({
      pid: p.pid,
      parent: ppid,
      name: p.name,
      path: p.path,
      cmdline: cmdline.join(' '),
      state: p.state,
      uid: p.uid,
      euid: p.euid,
      gid: p.gid,
      username: p.username,
      start_time: p.start_time,
      sha256: p.sha256,
      container_id: p.container_id,
      net_namespace: p.net_namespace,
    }));
  },
};
