/**
 * kube-bench's profiles, unmodified, run on this node: each target's controls file (master.yaml,
 * node.yaml, …) has its variables substituted, is parsed, and every check's audit commands run
 * through /bin/sh; the outputs go through the test items (tests.ts). States follow kube-bench's
 * check.go: a failed test or audit is FAIL when scored, WARN when not; `type: manual` is WARN
 * there and `manual` here; `type: skip` (kube-bench INFO) is `manual` with the reason.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { UserError } from '@vigil/schema';
import type { ComplianceContext } from '../context.ts';
import { summarise, type CheckResult, type CheckStatus, type ComplianceReport, type ReportGroup } from '../model.ts';
import { benchmarkDirs, loadConfig, substitute, substitutions, targetsOf, type Tree } from './config.ts';
import { sectionZh } from './section-names.ts';
import { parseTestItem, runTests, type Tests } from './tests.ts';

export const DEFAULT_KUBE_BENCH_CFG = '/etc/kube-bench/cfg';

export interface KubeCheck {
  id: string;
  text: string;
  audit: string;
  auditConfig: string;
  auditEnv: string;
  type: string;
  tests?: Tests;
  remediation: string;
  scored: boolean;
  multiple: boolean;
  group: string;
}

export interface KubeControls {
  target: string;
  id: string;
  text: string;
  groups: { id: string; text: string; checks: KubeCheck[] }[];
}

export const kubeBenchProfiles = benchmarkDirs;

/** Parse one controls file (after substitution); kube-bench's field names and defaults. */
export function parseControls(text: string, target: string, where: string): KubeControls {
  let doc: Tree;
  try {
    doc = (yaml.load(text) ?? {}) as Tree;
  } catch (err) {
    throw new UserError(`${where}: not valid YAML (${(err as Error).message.split('\n')[0]})`, 'BAD_CHECK');
  }
  const groups = ((doc.groups ?? []) as Tree[]).map((g) => {
    const gid = String(g.id);
    const checks = ((g.checks ?? []) as Tree[]).map((c): KubeCheck => {
      const tests = c.tests as Tree | undefined;
      const items = (tests?.test_items ?? []) as Tree[];
      return {
        id: String(c.id),
        text: String(c.text ?? ''),
        audit: String(c.audit ?? ''),
        auditConfig: String(c.audit_config ?? ''),
        auditEnv: String(c.audit_env ?? ''),
        type: String(c.type ?? ''),
        ...(items.length ? { tests: { binOp: String(tests?.bin_op ?? ''), items: items.map(parseTestItem) } } : {}),
        remediation: String(c.remediation ?? '').trim(),
        scored: c.scored === true,
        multiple: c.use_multiple_values === true,
        group: gid,
      };
    });
    return { id: gid, text: String(g.text ?? ''), checks };
  });
  return { target, id: String(doc.id ?? target), text: String(doc.text ?? target), groups };
}

/** Every controls file of a benchmark, loaded without running anything (variables left as they are). */
export async function loadBenchmark(cfgDir: string, benchmark: string): Promise<KubeControls[]> {
  const config = await loadConfig(cfgDir, benchmark);
  const out: KubeControls[] = [];
  for (const target of targetsOf(config, benchmark)) {
    const file = join(cfgDir, benchmark, `${target}.yaml`);
    if (!(await access(file).then(() => true, () => false))) continue;
    out.push(parseControls(await readFile(file, 'utf8'), target, file));
  }
  return out;
}

export interface KubeRunOptions {
  /** Merged over the config files (kube-bench's --config): component paths for this node. */
  overlay?: Tree;
  /** Only these targets (kube-bench --targets). */
  targets?: string[];
}

export async function runKubeBench(
  cfgDir: string,
  benchmark: string,
  ctx: ComplianceContext,
  profile: string,
  target: string,
  opts: KubeRunOptions = {},
): Promise<ComplianceReport> {
  if (!(await access(join(cfgDir, benchmark)).then(() => true, () => false))) {
    throw new UserError(`no kube-bench benchmark ${benchmark} in ${cfgDir} (set --kube-bench-cfg or $VIGIL_KUBE_BENCH_CFG)`, 'BAD_PROFILE');
  }
  if (!ctx.live) throw new UserError('kube-bench profiles run on a live node, not on an offline root', 'BAD_PROFILE');
  const config = await loadConfig(cfgDir, benchmark, opts.overlay);
  const results: CheckResult[] = [];
  const groups: ReportGroup[] = [];
  const notes: string[] = [];
  for (const t of targetsOf(config, benchmark).filter((x) => !opts.targets || opts.targets.includes(x))) {
    const file = join(cfgDir, benchmark, `${t}.yaml`);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const subs = await substitutions(config, t, await ctx.processes());
    if (subs.missing.length) {
      // kube-bench refuses such a target ("unable to detect running programs"); other targets still run.
      notes.push(`${t}: not run, no running ${subs.missing.join(', ')}`);
      continue;
    }
    const controls = parseControls(substitute(text, subs.vars), t, file);
    for (const g of controls.groups) {
      const ids: string[] = [];
      for (const check of g.checks) {
        results.push(await runCheck(check, ctx, g.text));
        ids.push(check.id);
      }
      groups.push({ id: g.id, title: { en: g.text, zh: `${sectionZh(g.text)}（kube-bench ${g.id}）` }, results: ids });
    }
  }
  if (!results.length) throw new UserError(`kube-bench ${benchmark}: no target can run on this node (${notes.join('; ')})`, 'NOT_A_NODE');
  return {
    profile,
    title: { en: `kube-bench ${benchmark}`, zh: `Kubernetes 基线（kube-bench ${benchmark}）` },
    generatedAt: new Date().toISOString(),
    target,
    results,
    groups,
    summary: summarise(results),
    ...(notes.length ? { notes } : {}),
  };
}

/** One check's state, as kube-bench's check.go decides it; `section` is its group's heading. */
async function runCheck(check: KubeCheck, ctx: ComplianceContext, section: string): Promise<CheckResult> {
  const base = {
    id: check.id,
    // kube-bench's check texts are English only; the Chinese title names the item and its section.
    title: { en: check.text, zh: `Kubernetes CIS 检查项 ${check.id}（${sectionZh(section)}）：${check.text}` },
    scored: check.scored && check.type !== 'manual',
    group: check.group,
    ...(check.remediation ? { remediation: check.remediation } : {}),
    references: [`kube-bench ${check.id}`],
  };
  const failed: CheckStatus = check.scored ? 'fail' : 'warn';
  if (check.type === 'skip') return { ...base, status: 'manual', evidence: 'skipped: marked `type: skip` in the profile' };
  if (check.type === 'manual') return { ...base, status: 'manual', evidence: 'manual check: verify by following the remediation text' };
  if (!check.tests) return { ...base, status: failed, evidence: 'no tests defined' };
  if (!['', 'and', 'or'].includes(check.tests.binOp)) return { ...base, status: failed, evidence: `unknown binary operator for tests ${check.tests.binOp}` };

  const run = async (cmd: string) => {
    if (!cmd.trim()) return { text: '', ok: true };
    const r = await ctx.run(cmd.trim());
    return { text: r.stdout + r.stderr, ok: r.exitCode === 0, code: r.exitCode };
  };
  const env = await run(check.auditEnv);
  if (!env.ok) return { ...base, status: failed, evidence: `audit_env failed: ${env.text.trim().slice(0, 300)}` };
  const audit = await run(check.audit);
  if (!audit.ok) return { ...base, status: failed, evidence: `audit failed (exit ${audit.code}): ${audit.text.trim().slice(0, 300) || '<no output>'}` };
  let config = await run(check.auditConfig);
  if (!config.ok) {
    // As kube-bench: a missing config file is no error when the audit or audit_env said something.
    const notFound = config.code === 127 || /No such file or directory/.test(config.text);
    if (notFound && (audit.text || env.text)) config = { text: '', ok: true };
    else return { ...base, status: failed, evidence: `audit_config failed: ${config.text.trim().slice(0, 300)}` };
  }
  const verdict = runTests(check.tests, { audit: audit.text, config: config.text, env: env.text, hasConfig: check.auditConfig !== '' }, check.multiple);
  const actual = audit.text.trim() || config.text.trim();
  return { ...base, status: verdict.pass ? 'pass' : failed, evidence: `expected ${verdict.expected}; audit output: ${actual.slice(0, 400) || '<empty>'}` };
}
