import { readFile } from 'node:fs/promises';
import { expand } from './file-mode.ts';
import type { ComplianceContext } from '../context.ts';
import type { Audit, Probe, Spec } from './probe.ts';

/**
 * `probe: sysctl`: a kernel parameter — its running value from /proc/sys on the live host, the
 * persistent setting in /etc/sysctl.conf and sysctl.d for an offline root.
 */
export const sysctlProbe: Probe = {
  kind: 'sysctl',
  compile(spec: Spec): Audit {
    const key = spec.string('key');
    const verdict = spec.expectation();
    return async (ctx) => {
      const actual = ctx.live ? await liveValue(ctx, key) : await persistentValue(ctx, key);
      if (actual === undefined) return { status: 'manual', evidence: `${key} not available${ctx.live ? ' on this kernel' : ' in sysctl.conf / sysctl.d'}` };
      const normal = actual.trim().replace(/\s+/g, ' ');
      return { status: verdict(normal), evidence: `${key} = ${normal}` };
    };
  },
};

function liveValue(ctx: ComplianceContext, key: string): Promise<string | undefined> {
  return readFile(`${ctx.proc}/sys/${key.replace(/\./g, '/')}`, 'utf8').catch(() => undefined);
}

async function persistentValue(ctx: ComplianceContext, key: string): Promise<string | undefined> {
  let value: string | undefined;
  for (const f of await expand(ctx, ['/usr/lib/sysctl.d/*.conf', '/etc/sysctl.d/*.conf', '/etc/sysctl.conf'])) {
    for (const line of (await readFile(ctx.path(f), 'utf8').catch(() => '')).split('\n')) {
      const m = /^\s*([\w./-]+)\s*=\s*(.*?)\s*$/.exec(line);
      if (m && m[1].replace(/\//g, '.') === key) value = m[2];
    }
  }
  return value;
}
