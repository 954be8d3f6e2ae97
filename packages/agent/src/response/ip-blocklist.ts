/**
 * Response actions `block_ip` / `unblock_ip` with nftables, in a table of the agent's own
 * (`inet vigil`): two address sets and drop rules on input, output and forward that refer to
 * them. Blocking adds an element, unblocking removes it; the rest of the host's ruleset is never
 * read or written, and deleting the table removes every trace.
 */
import { execFile } from 'node:child_process';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { ActionResult } from './quarantine.ts';

const run = promisify(execFile);

export const NFT_TABLE = 'vigil';

/** Created whole (nft -f is atomic) the first time an address is blocked. */
const TABLE = `table inet ${NFT_TABLE} {
  set blocked4 { type ipv4_addr; flags interval; }
  set blocked6 { type ipv6_addr; flags interval; }
  chain input { type filter hook input priority -10; policy accept; ip saddr @blocked4 drop; ip6 saddr @blocked6 drop; }
  chain output { type filter hook output priority -10; policy accept; ip daddr @blocked4 drop; ip6 daddr @blocked6 drop; }
  chain forward { type filter hook forward priority -10; policy accept; ip saddr @blocked4 drop; ip daddr @blocked4 drop; ip6 saddr @blocked6 drop; ip6 daddr @blocked6 drop; }
}
`;

const IpParams = z.object({ ip: z.string().refine((ip) => isIP(ip) !== 0, 'ip must be an IPv4 or IPv6 address') });

export class IpBlocklist {
  /** `command` runs nft: `['nft']` on the host, `['ip', 'netns', 'exec', NS, 'nft']` in a namespace. */
  constructor(private readonly command: readonly string[] = ['nft']) {}

  async #nft(args: string[], stdin?: string): Promise<string> {
    const [file, ...pre] = this.command;
    const child = run(file, [...pre, ...args], { timeout: 10_000 });
    if (stdin !== undefined) child.child.stdin?.end(stdin);
    return (await child).stdout;
  }

  async #hasTable(): Promise<boolean> {
    return this.#nft(['list', 'table', 'inet', NFT_TABLE]).then(
      () => true,
      () => false,
    );
  }

  /** The addresses blocked now. */
  async list(): Promise<string[]> {
    if (!(await this.#hasTable())) return [];
    const out = await this.#nft(['-j', 'list', 'table', 'inet', NFT_TABLE]);
    const sets = (JSON.parse(out) as { nftables: { set?: { elem?: unknown[] } }[] }).nftables.flatMap((o) => o.set?.elem ?? []);
    return sets.filter((e): e is string => typeof e === 'string');
  }

  async block(raw: Record<string, unknown>): Promise<ActionResult> {
    const parsed = IpParams.safeParse(raw);
    if (!parsed.success) return { ok: false, message: `block_ip: ${parsed.error.issues[0]?.message}` };
    const { ip } = parsed.data;
    try {
      if (!(await this.#hasTable())) await this.#nft(['-f', '-'], TABLE);
      await this.#nft(['add', 'element', 'inet', NFT_TABLE, isIP(ip) === 4 ? 'blocked4' : 'blocked6', `{ ${ip} }`]);
      return { ok: true, message: `block_ip: ${ip} dropped in and out (nftables table inet ${NFT_TABLE})`, undo: { type: 'unblock_ip', params: { ip } } };
    } catch (err) {
      return { ok: false, message: `block_ip: ${ip}: ${firstLine(err)}` };
    }
  }

  async unblock(raw: Record<string, unknown>): Promise<ActionResult> {
    const parsed = IpParams.safeParse(raw);
    if (!parsed.success) return { ok: false, message: `unblock_ip: ${parsed.error.issues[0]?.message}` };
    const { ip } = parsed.data;
    try {
      if (!(await this.list()).includes(ip)) return { ok: true, message: `unblock_ip: ${ip} was not blocked` };
      await this.#nft(['delete', 'element', 'inet', NFT_TABLE, isIP(ip) === 4 ? 'blocked4' : 'blocked6', `{ ${ip} }`]);
      return { ok: true, message: `unblock_ip: ${ip} no longer dropped`, undo: { type: 'block_ip', params: { ip } } };
    } catch (err) {
      return { ok: false, message: `unblock_ip: ${ip}: ${firstLine(err)}` };
    }
  }

  /** Removes the agent's table and with it every block. */
  async removeAll(): Promise<void> {
    if (await this.#hasTable()) await this.#nft(['delete', 'table', 'inet', NFT_TABLE]);
  }
}

function firstLine(err: unknown): string {
  const e = err as { stderr?: string; code?: string; message: string };
  return (e.stderr?.trim() || e.code || e.message).split('\n')[0];
}
