import type { Collector, Row } from '../collector.ts';
import { listeningSockets } from '../listening.ts';
import { isPublicAddress } from '../public-address.ts';

/** osquery `listening_ports` (protocol 6/17, family 2/10 as there), one row per holding process. */
export const listeningPortsCollector: Collector = {
  name: 'listening_ports',
  description: 'Listening ports and their processes / 监听端口及进程',
  async collect(ctx) {
    const rows: Row[] = [];
    for (const s of await listeningSockets(ctx)) {
      const base = {
        port: s.port,
        protocol: s.protocol === 'tcp' ? 6 : 17,
        family: s.family === 4 ? 2 : 10,
        address: s.address,
        is_public: isPublicAddress(s.address),
        socket: s.inode,
        net_namespace: s.net_namespace,
      };
      // A socket no visible process holds (another user's, without privileges) still listens.
      const holders = s.holders.length ? s.holders : [undefined];
      for (const p of holders) {
        rows.push({
          pid: p?.pid ?? -1,
          ...base,
          name: p?.name ?? null,
          path: p?.path ?? null,
          cmdline: p?.cmdline.join(' ') ?? null,
          username: p?.username ?? null,
          container_id: p?.container_id ?? null,
        });
      }
    }
    return rows;
  },
};
