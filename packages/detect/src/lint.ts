/**
 * `vigil rules lint`: everything that can be wrong with rule files short of running them — what
 * the loaders report (schema, unknown keys and fields, missing en/zh, duplicate ids, undefined
 * macros), rules the engine cannot compile, and ATT&CK ids the catalog does not know or has
 * revoked. Vigil's own rules get errors; third-party (Falco, Sigma) rules get warnings, since
 * they are loaded as published.
 */
import type { AttackCatalog } from '@vigil/schema';
import { Engine } from './engine.ts';
import { loadRuleFiles } from './rule-files.ts';
import type { Rule } from './rule.ts';

export interface LintReport {
  errors: string[];
  warnings: string[];
  /** Rules that loaded. */
  rules: Rule[];
  /** False when no catalog was given: ATT&CK ids were not checked. */
  attackChecked: boolean;
}

export function lintRules(paths: readonly string[], catalog?: AttackCatalog): LintReport {
  const loaded = loadRuleFiles(paths);
  const report: LintReport = { errors: [...loaded.errors], warnings: [...loaded.warnings], rules: loaded.rules, attackChecked: catalog !== undefined };
  const byName = new Map(loaded.rules.map((r) => [`${r.source}\0${r.name}`, r]));
  for (const s of [...loaded.skipped, ...Engine.build(loaded.rules).skipped]) {
    const r = byName.get(`${s.source}\0${s.name}`);
    const line = `${where(r) ?? s.file ?? s.source}: rule ${r?.id ?? s.name}: ${r?.source === 'vigil' ? '' : 'skipped: '}${s.reason}`;
    (r?.source === 'vigil' ? report.errors : report.warnings).push(line);
  }
  for (const r of loaded.rules) if (r.source === 'vigil' && !r.tests) report.warnings.push(`${where(r)}: rule ${r.id} has no inline tests`);
  if (catalog) for (const r of loaded.rules) checkTechniques(r, catalog, report);
  return report;
}

function checkTechniques(r: Rule, catalog: AttackCatalog, report: LintReport): void {
  const own = r.source === 'vigil';
  for (const id of r.techniques) {
    const c = catalog.check(id);
    let problem: string | undefined;
    if (c.status === 'unknown') problem = `ATT&CK technique ${id} is not in the catalog`;
    else if (c.status === 'revoked') problem = `ATT&CK technique ${id} (${c.technique.name}) is revoked${c.technique.revokedBy ? `; use ${c.technique.revokedBy}` : ''}`;
    else if (c.status === 'deprecated') {
      report.warnings.push(`${where(r)}: rule ${r.id}: ATT&CK technique ${id} (${c.technique.name}) is deprecated`);
      continue;
    }
    if (problem) (own ? report.errors : report.warnings).push(`${where(r)}: rule ${r.id}: ${problem}`);
  }
}

const where = (r: Rule | undefined) => (r?.file ? (r.line ? `${r.file}:${r.line}` : r.file) : undefined);
