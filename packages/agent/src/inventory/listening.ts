/** Listening sockets of every network namespace, joined to the processes holding them. */
import type { InventoryContext } from './collector.ts';
import { type ProcessInfo, processes } from './proc.ts';
import { type SocketEntry, socketTables } from './sockets.ts';

const TCP_LISTEN = 0x0a;
const UDP_UNCONNECTED = 0x07;

export interface ListeningSocket extends SocketEntry {
  /** Every process holding the socket (a forking server's workers share it). */
  holders: ProcessInfo[];
  net_namespace: string | null;
}

export function listeningSockets(ctx: InventoryContext): Promise<ListeningSocket[]> {
  return ctx.shared('listening', async () => {
    const procs = await processes(ctx);
    const holders = new Map<number, ProcessInfo[]>();
    for (const p of procs) for (const inode of p.socketInodes) holders.set(inode, [...(holders.get(inode) ?? []), p]);
    // One process per network namespace is enough to read that namespace's tables. A process
    // whose namespace cannot be read may share one already read: socket inodes are unique across
    // namespaces, so a socket seen twice is listed once, under its known namespace.
    const namespaces = new Map<string | null, number>();
    for (const p of procs) if (!namespaces.has(p.net_namespace)) namespaces.set(p.net_namespace, p.pid);
    const byInode = new Map<number, ListeningSocket>();
    for (const [ns, pid] of [...namespaces].sort(([a], [b]) => (a === null ? 1 : 0) - (b === null ? 1 : 0))) {
      for (const s of await socketTables(ctx.proc, pid)) {
        const listening = s.protocol === 'tcp' ? s.state === TCP_LISTEN : s.state === UDP_UNCONNECTED && s.port !== 0;
        if (listening && !byInode.has(s.inode)) byInode.set(s.inode, { ...s, holders: holders.get(s.inode) ?? [], net_namespace: ns });
      }
    }
    return [...byInode.values()];
  });
}
