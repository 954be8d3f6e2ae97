import { auditShadow } from '../passwords/weak-shadow.ts';
import type { Audit, Probe, Spec } from './probe.ts';

/**
 * `probe: weak-passwords`: the target's /etc/shadow against context guesses and the password
 * lists (white-box: works on an image or a copy of a disk as well as on the host). Accounts with
 * an empty or guessed password fail the check; the passwords themselves are never reported.
 */
export const weakPasswordsProbe: Probe = {
  kind: 'weak-passwords',
  compile(spec: Spec): Audit {
    const cpuPercent = Number(spec.string('cpu-percent', '50'));
    const cpuBudgetMs = Number(spec.string('budget-ms', '1000'));
    if (!(cpuPercent > 0 && cpuPercent <= 100) || !(cpuBudgetMs > 0)) spec.fail('audit.cpu-percent must be in (0, 100] and audit.budget-ms positive');
    return async (ctx) => {
      const results = await auditShadow({ shadowPath: ctx.path('/etc/shadow'), dictionaries: ctx.passwordLists, cpuPercent, cpuBudgetMs });
      const bad = results.filter((r) => r.verdict === 'weak' || r.verdict === 'empty');
      const audited = results.filter((r) => r.verdict === 'not-found').length;
      if (!bad.length) return { status: 'pass', evidence: `${audited} password hashes audited, none guessed; ${results.length - audited} locked or without a supported hash` };
      return {
        status: 'fail',
        evidence: bad.map((r) => (r.verdict === 'empty' ? `${r.user}: empty password` : `${r.user}: weak ${r.method} password (a ${r.source} guess, ${r.tried} tried)`)).join('\n'),
      };
    };
  },
};
