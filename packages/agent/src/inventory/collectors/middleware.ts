import type { Package } from '@vigil/schema';
import type { Collector, InventoryContext, Row } from '../collector.ts';
import { listeningSockets } from '../listening.ts';
import { type MiddlewareRule, ruleFor } from '../middleware-rules.ts';
import { dpkgFileOwners, osPackages } from '../os-packages.ts';
import type { ProcessInfo } from '../proc.ts';
import { processes } from '../proc.ts';

/**
 * Middleware and application runtimes that are running, one row per server (a forking server's
 * workers are folded into their parent), with the ports its processes listen on and its version
 * from the package that installed the executable (or the rule's product package).
 */
export const middlewareCollector: Collector = {
  name: 'middleware',
  description: 'Middleware and applications / 中间件与应用',
  async collect(ctx) {
    const procs = await processes(ctx);
    const byPid = new Map(procs.map((p) => [p.pid, p]));
    const ruleOf = new Map(procs.flatMap((p) => {
      const r = ruleFor(p);
      return r ? [[p.pid, r] as const] : [];
    }));
    // The top of each chain of processes of one server stands for it: same product, and for a
    // generic runtime the same application (a node script that starts another is two apps).
    const sameServer = (a: ProcessInfo, b: ProcessInfo) => {
      const rule = ruleOf.get(a.pid);
      return rule !== undefined && rule === ruleOf.get(b.pid) && rule.app?.(a) === rule.app?.(b);
    };
    const rootOf = (p: ProcessInfo): ProcessInfo => {
      const parent = byPid.get(p.ppid);
      return parent && sameServer(parent, p) ? rootOf(parent) : p;
    };
    const ports = new Map<number, Set<string>>();
    for (const s of await listeningSockets(ctx)) {
      for (const holder of s.holders) {
        if (!ruleOf.has(holder.pid)) continue;
        const root = rootOf(holder).pid;
        if (!ports.has(root)) ports.set(root, new Set());
        ports.get(root)!.add(JSON.stringify({ protocol: s.protocol, address: s.address, port: s.port }));
      }
    }
    const rows: Row[] = [];
    for (const p of procs) {
      const rule = ruleOf.get(p.pid);
      if (!rule || rootOf(p) !== p) continue;
      const pkg = await packageOf(ctx, p, rule);
      const argsVersion = rule.versionInArgs?.exec(p.cmdline.join(' '))?.[1];
      rows.push({
        name: rule.name,
        version: argsVersion ?? (pkg ? upstreamVersion(pkg.version) : null),
        app: rule.app?.(p) ?? null,
        pid: p.pid,
        path: p.path,
        cmdline: p.cmdline.join(' '),
        username: p.username,
        ports: [...(ports.get(p.pid) ?? [])].map((s) => JSON.parse(s) as unknown),
        package: pkg?.name ?? null,
        package_version: pkg?.version ?? null,
        container_id: p.container_id,
      });
    }
    return rows;
  },
};

/**
 * The installed package of the product: one of the rule's product packages when installed, else
 * the package whose file list holds the executable (only host processes: a container's files are
 * not the host's).
 */
async function packageOf(ctx: InventoryContext, p: ProcessInfo, rule: MiddlewareRule): Promise<Package | undefined> {
  if (p.container_id) return undefined;
  const installed = (await osPackages(ctx)).packages;
  const byName = new Map(installed.map((pkg) => [pkg.name, pkg]));
  for (const name of rule.packages ?? []) if (byName.has(name)) return byName.get(name);
  const owners = await dpkgFileOwners(ctx);
  const exe = p.path.replace(/ \(deleted\)$/, '');
  // Merged /usr: the file list may name /bin/x for /usr/bin/x and the other way round.
  const owner = owners.get(exe) ?? owners.get(exe.replace(/^\/usr\//, '/')) ?? owners.get(`/usr${exe}`);
  return owner ? byName.get(owner) : undefined;
}

/** The upstream part of a distro version: no epoch, no package revision, no repack suffix. */
export function upstreamVersion(version: string): string {
  return version
    .replace(/^\d+:/, '')
    .replace(/-[^-]*$/, '')
    .replace(/[+~](?:dfsg|ds|repack|really)[\w.]*$/i, '');
}
