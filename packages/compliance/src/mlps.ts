/**
 * MLPS 2.0 level 3, secure computing environment (GB/T 22239-2019 §8.1.4; test items
 * L3-CES1-01 … of GB/T 28448-2019). The items are the groups of `rules/compliance/mlps-l3.yaml`;
 * an item's results are every check of any benchmark that maps to it (`mappings.mlps`) plus the
 * manual steps that file defines. An item with neither is a gap in the content, refused here.
 */
import { UserError } from '@vigil/schema';
import type { CheckDefinition, CheckFile } from './checks.ts';
import type { ComplianceContext } from './context.ts';
import { evaluateChecks } from './engine.ts';
import { summarise, type ComplianceReport } from './model.ts';

export const MLPS_BENCHMARK = 'mlps-l3';

export async function mlpsReport(files: readonly CheckFile[], ctx: ComplianceContext, target: string): Promise<ComplianceReport> {
  const catalogue = files.find((f) => f.benchmark === MLPS_BENCHMARK);
  if (!catalogue) throw new UserError(`no ${MLPS_BENCHMARK} check file`, 'BAD_PROFILE');
  const mapped = new Map<string, CheckDefinition>();
  for (const f of files) for (const c of f.checks) if (c.mappings?.mlps?.length || c.profiles.includes(MLPS_BENCHMARK)) mapped.set(c.id, c);
  const checks = [...mapped.values()];
  const gaps = catalogue.groups.filter((g) => !checks.some((c) => c.mappings?.mlps?.includes(g.id)));
  if (gaps.length) throw new UserError(`${MLPS_BENCHMARK}: no check or manual step for ${gaps.map((g) => g.id).join(', ')}`, 'BAD_CHECK');
  const results = await evaluateChecks(checks, ctx);
  return {
    profile: MLPS_BENCHMARK,
    title: catalogue.title,
    generatedAt: new Date().toISOString(),
    target,
    results,
    groups: catalogue.groups.map((g) => ({
      id: g.id,
      title: g.title,
      results: checks.filter((c) => c.mappings?.mlps?.includes(g.id)).map((c) => c.id),
    })),
    summary: summarise(results),
  };
}
