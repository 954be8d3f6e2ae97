import { readFile } from 'node:fs/promises';
import type { ComplianceContext } from '../context.ts';
import { presenceOutcome, type Audit, type Probe, type Spec } from './probe.ts';

/**
 * `probe: package`: whether packages are installed (dpkg status, else the rpm command on the live
 * host). `installed: false` lists the ones that should not be (telnet server, rsh).
 */
export const packageProbe: Probe = {
  kind: 'package',
  compile(spec: Spec): Audit {
    const { names, wanted, status } = spec.presence('names', 'installed');
    return async (ctx) => {
      const installed = await installedPackages(ctx);
      if (!installed) return { status: 'manual', evidence: 'no package database found (dpkg status, rpm)' };
      return presenceOutcome(names, installed, wanted, status, 'installed');
    };
  },
};

function installedPackages(ctx: ComplianceContext): Promise<Set<string> | undefined> {
  return ctx.shared('packages', async () => {
    const status = await readFile(ctx.path('/var/lib/dpkg/status'), 'utf8').catch(() => undefined);
    if (status !== undefined) {
      const names = new Set<string>();
      for (const stanza of status.split(/\n\n+/)) {
        const name = /^Package:\s*(\S+)/m.exec(stanza)?.[1];
        if (name && /^Status:.*\binstalled$/m.test(stanza)) names.add(name);
      }
      return names;
    }
    if (!ctx.live) return undefined;
    const rpm = await ctx.run("rpm -qa --qf '%{NAME}\\n' 2>/dev/null");
    return rpm.exitCode === 0 ? new Set(rpm.stdout.split('\n').filter(Boolean)) : undefined;
  });
}
