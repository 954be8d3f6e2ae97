/** A full inventory snapshot: every collector run once; one failing table never sinks the rest. */
import { AGENT_VERSION } from '../version.ts';
import type { Collector, InventoryContext, Row } from './collector.ts';
import { allCollectors } from './registry.ts';

export interface InventoryOptions {
  /** Host root for files; default `/`. */
  root?: string;
  /** procfs of the live host; default `/proc`. */
  proc?: string;
  /** Docker Engine API socket; default `/var/run/docker.sock`. */
  dockerSocket?: string;
  /** Only these tables (all when unset). */
  tables?: readonly string[];
  collectors?: readonly Collector[];
}

export type TableResult = { rows: Row[]; warnings: string[] } | { error: string; warnings: string[] };

export interface InventorySnapshot {
  time: string;
  agent_version: string;
  root: string;
  tables: Record<string, TableResult>;
}

export function tableNames(collectors: readonly Collector[] = allCollectors): string[] {
  return collectors.map((c) => c.name);
}

export async function collectInventory(opts: InventoryOptions = {}): Promise<InventorySnapshot> {
  const root = opts.root ?? '/';
  const collectors = (opts.collectors ?? allCollectors).filter((c) => !opts.tables || opts.tables.includes(c.name));
  const shared = new Map<string, Promise<unknown>>();
  const tables: Record<string, TableResult> = {};
  // Collectors run one after another: shared work (process table, package list) is done once,
  // and an inventory never competes with the workload for more than one core.
  for (const collector of collectors) {
    const warnings: string[] = [];
    const ctx: InventoryContext = {
      root,
      proc: opts.proc ?? '/proc',
      dockerSocket: opts.dockerSocket ?? '/var/run/docker.sock',
      warn: (m) => warnings.push(m),
      shared<T>(key: string, compute: () => Promise<T>): Promise<T> {
        let p = shared.get(key);
        if (!p) shared.set(key, (p = compute()));
        return p as Promise<T>;
      },
    };
    try {
      tables[collector.name] = { rows: await collector.collect(ctx), warnings };
    } catch (err) {
      tables[collector.name] = { error: err instanceof Error ? err.message : String(err), warnings };
    }
  }
  return { time: new Date().toISOString(), agent_version: AGENT_VERSION, root, tables };
}
