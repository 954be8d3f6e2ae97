/** Sockets tables of procfs (`/proc/<pid>/net/{tcp,tcp6,udp,udp6}`), one read per network namespace. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SocketEntry {
  protocol: 'tcp' | 'udp';
  family: 4 | 6;
  address: string;
  port: number;
  /** Kernel TCP state number (0x0A listen) — for UDP, 0x07 means unconnected. */
  state: number;
  inode: number;
}

const TABLES = [
  ['tcp', 'tcp', 4],
  ['tcp6', 'tcp', 6],
  ['udp', 'udp', 4],
  ['udp6', 'udp', 6],
] as const;

/** Addresses are printed as 32-bit words in host (little-endian) byte order. */
function decodeAddress(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word = hex.slice(w, w + 8);
    for (let b = 6; b >= 0; b -= 2) bytes.push(parseInt(word.slice(b, b + 2), 16));
  }
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  const full = groups.join(':');
  if (/^0:0:0:0:0:ffff:/.test(full)) return `::ffff:${bytes.slice(12).join('.')}`;
  // Compress the longest run of zero groups, as inet_ntop does.
  const runs = [...full.matchAll(/(?:^|:)0(?::0)+(?::|$)/g)].sort((a, b) => b[0].length - a[0].length);
  return runs.length ? full.replace(runs[0][0], '::') : full;
}

export function parseSocketTable(text: string, protocol: 'tcp' | 'udp', family: 4 | 6): SocketEntry[] {
  const out: SocketEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [addr, port] = f[1].split(':');
    out.push({ protocol, family, address: decodeAddress(addr), port: parseInt(port, 16), state: parseInt(f[3], 16), inode: Number(f[9]) });
  }
  return out;
}

/** Every socket of the network namespace `pid` is in. */
export async function socketTables(proc: string, pid: number): Promise<SocketEntry[]> {
  const out: SocketEntry[] = [];
  for (const [file, protocol, family] of TABLES) {
    const text = await readFile(join(proc, String(pid), 'net', file), 'utf8').catch(() => '');
    out.push(...parseSocketTable(text, protocol, family));
  }
  return out;
}
