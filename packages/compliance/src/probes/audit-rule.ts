import { access, readFile } from 'node:fs/promises';
import { expand } from './file-mode.ts';
import type { ComplianceContext } from '../context.ts';
import type { Audit, Probe, Spec } from './probe.ts';

/**
 * `probe: audit-rule`: the Linux audit system watches the file — in the loaded rules (`auditctl -l`
 * on the live host) or in the persistent ones (/etc/audit/audit.rules, rules.d/*.rules). `paths`
 * lists where the file may be installed (/usr/bin or /usr/local/bin); the first that exists is
 * the one to watch. A file that exists nowhere needs no watch (`missing`, default pass).
 */
export const auditRuleProbe: Probe = {
  kind: 'audit-rule',
  compile(spec: Spec): Audit {
    const paths = spec.strings('paths');
    const missing = spec.status('missing', 'pass');
    const status = spec.status('status', 'fail');
    return async (ctx) => {
      let path: string | undefined;
      for (const p of paths) if (!path && (await access(ctx.path(p)).then(() => true, () => false))) path = p;
      if (!path) return { status: missing, evidence: `not present: ${paths.join(', ')}` };
      const rules = await auditRules(ctx);
      const hit = rules.find((r) => r.split(/\s+/).some((tok, i, all) => tok === path || (tok === '-w' && all[i + 1] === path) || tok === `path=${path}` || tok === `dir=${path}`));
      return hit ? { status: 'pass', evidence: hit } : { status, evidence: `no audit rule watches ${path}` };
    };
  },
};

function auditRules(ctx: ComplianceContext): Promise<string[]> {
  return ctx.shared('audit-rules', async () => {
    const lines: string[] = [];
    if (ctx.live) {
      const loaded = await ctx.run('auditctl -l 2>/dev/null');
      if (loaded.exitCode === 0) lines.push(...loaded.stdout.split('\n'));
    }
    for (const f of await expand(ctx, ['/etc/audit/audit.rules', '/etc/audit/rules.d/*.rules'])) {
      lines.push(...(await readFile(ctx.path(f), 'utf8').catch(() => '')).split('\n'));
    }
    return lines.map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  });
}
