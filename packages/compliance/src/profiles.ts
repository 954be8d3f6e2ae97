/**
 * Profile names → what runs: Vigil's declarative benchmarks (`cis-docker-1.6`, `host-baseline`),
 * MLPS 2.0 level 3 (every check mapped to a test item, grouped by the standard's clauses) and
 * kube-bench's own cfg/ profiles (`cis-k8s-1.9` → cfg/cis-1.9, `cis-k8s-eks-1.5.0` → cfg/eks-1.5.0).
 */
import { stat } from 'node:fs/promises';
import { UserError } from '@vigil/schema';
import { DEFAULT_CHECKS_DIR, loadCheckDir, type CheckFile } from './checks.ts';
import { createContext, type ContextOptions } from './context.ts';
import { evaluateChecks } from './engine.ts';
import type { Tree } from './kube-bench/config.ts';
import { runKubeBench, kubeBenchProfiles, DEFAULT_KUBE_BENCH_CFG } from './kube-bench/run.ts';
import { summarise, type ComplianceReport, type ReportGroup } from './model.ts';
import { mlpsReport } from './mlps.ts';

export interface RunOptions extends ContextOptions {
  /** Directory of Vigil's check files (default: the repository's rules/compliance). */
  checksDir?: string;
  /** kube-bench's cfg/ directory (default `$VIGIL_KUBE_BENCH_CFG`, else /etc/kube-bench/cfg). */
  kubeBenchCfg?: string;
  /** kube-bench: merged over its config files, as its --config does (component paths of this node). */
  kubeOverlay?: Tree;
  /** kube-bench: only these targets (master, node, etcd, controlplane, policies). */
  kubeTargets?: string[];
}

export const KUBE_PREFIX = 'cis-k8s-';

export async function runProfile(profile: string, opts: RunOptions = {}): Promise<ComplianceReport> {
  // What the user named is checked before any check runs: one line, not a report of warnings.
  if (opts.root !== undefined) await mustExist(opts.root, true);
  for (const m of opts.manifests ?? []) await mustExist(m, false);
  const ctx = createContext(opts);
  const target = ctx.live ? 'host' : ctx.root;
  if (profile.startsWith(KUBE_PREFIX)) {
    const cfg = opts.kubeBenchCfg ?? process.env.VIGIL_KUBE_BENCH_CFG ?? DEFAULT_KUBE_BENCH_CFG;
    return runKubeBench(cfg, kubeDir(profile), ctx, profile, target, {
      ...(opts.kubeOverlay ? { overlay: opts.kubeOverlay } : {}),
      ...(opts.kubeTargets ? { targets: opts.kubeTargets } : {}),
    });
  }
  const files = await loadCheckDir(opts.checksDir ?? DEFAULT_CHECKS_DIR);
  if (profile === 'mlps-l3') return mlpsReport(files, ctx, target);
  const checks = files.flatMap((f) => f.checks.filter((c) => c.profiles.includes(profile)));
  const own = files.find((f) => f.benchmark === profile);
  if (!checks.length) throw new UserError(`unknown profile '${profile}' (known: ${(await listProfiles(opts)).join(', ')})`, 'BAD_PROFILE');
  const results = await evaluateChecks(checks, ctx);
  const groups: ReportGroup[] = (own?.groups ?? [])
    .map((g) => ({ id: g.id, title: g.title, results: results.filter((r) => r.group === g.id).map((r) => r.id) }))
    .filter((g) => g.results.length);
  return {
    profile,
    title: own?.title ?? { en: profile, zh: profile },
    generatedAt: new Date().toISOString(),
    target,
    results,
    groups,
    summary: summarise(results),
  };
}

/** kube-bench's directory for a `cis-k8s-*` profile: `cis-k8s-1.9` → `cis-1.9`, `cis-k8s-gke-1.6.0` → `gke-1.6.0`. */
function kubeDir(profile: string): string {
  const rest = profile.slice(KUBE_PREFIX.length);
  return /^\d/.test(rest) ? `cis-${rest}` : rest;
}

export async function listProfiles(opts: RunOptions = {}): Promise<string[]> {
  const files: CheckFile[] = await loadCheckDir(opts.checksDir ?? DEFAULT_CHECKS_DIR);
  const names = new Set(files.flatMap((f) => f.checks.flatMap((c) => c.profiles)));
  names.add('mlps-l3');
  const cfg = opts.kubeBenchCfg ?? process.env.VIGIL_KUBE_BENCH_CFG ?? DEFAULT_KUBE_BENCH_CFG;
  for (const dir of await kubeBenchProfiles(cfg).catch(() => [])) names.add(KUBE_PREFIX + dir.replace(/^cis-/, ''));
  return [...names].sort();
}

async function mustExist(path: string, directory: boolean): Promise<void> {
  const st = await stat(path).catch(() => undefined);
  if (!st) throw new UserError(`no such file or directory: ${path}`, 'ENOENT');
  if (directory && !st.isDirectory()) throw new UserError(`not a directory: ${path}`, 'BAD_INPUT');
}
