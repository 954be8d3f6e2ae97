/** Runs compiled checks one after another (an audit never competes with the workload for more than one core). */
import type { CheckDefinition } from './checks.ts';
import type { ComplianceContext } from './context.ts';
import type { CheckResult } from './model.ts';

export async function evaluateChecks(checks: readonly CheckDefinition[], ctx: ComplianceContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    let outcome;
    try {
      outcome = await check.audit(ctx);
    } catch (err) {
      // One check that cannot read what it needs is reported, never the end of the audit.
      outcome = { status: 'warn' as const, evidence: `could not be evaluated: ${(err as Error).message}` };
    }
    results.push({
      id: check.id,
      title: check.title,
      status: outcome.status,
      evidence: outcome.evidence,
      scored: check.scored,
      ...(check.group !== undefined ? { group: check.group } : {}),
      ...(check.rationale ? { rationale: check.rationale } : {}),
      ...(check.remediation ? { remediation: check.remediation } : {}),
      ...(check.references ? { references: check.references } : {}),
      ...(check.mappings ? { mappings: check.mappings } : {}),
    });
  }
  return results;
}
