import { readFile } from 'node:fs/promises';
import { compare } from '../compare.ts';
import { expand } from './file-mode.ts';
import type { ComplianceContext } from '../context.ts';
import type { Audit, Probe, Spec } from './probe.ts';

/** sshd's compiled-in defaults for the keywords baselines ask about (OpenSSH 9). */
const DEFAULTS: Record<string, string> = {
  permitrootlogin: 'prohibit-password',
  passwordauthentication: 'yes',
  permitemptypasswords: 'no',
  maxauthtries: '6',
  x11forwarding: 'no',
  logingracetime: '120',
  clientaliveinterval: '0',
  ignorerhosts: 'yes',
  hostbasedauthentication: 'no',
  loglevel: 'INFO',
};

/**
 * `probe: sshd`: the effective value of an sshd keyword — `sshd -T` on the live host where sshd
 * is installed (it resolves Include and Match defaults itself), else sshd_config read with its
 * Include files, first value winning as in sshd, else the compiled-in default.
 */
export const sshdProbe: Probe = {
  kind: 'sshd',
  compile(spec: Spec): Audit {
    const keyword = spec.string('keyword').toLowerCase();
    const op = spec.op();
    const value = spec.string('value');
    const status = spec.status('status', 'fail');
    return async (ctx) => {
      const config = await sshdConfig(ctx);
      if (!config) return { status: 'pass', evidence: 'OpenSSH server not installed' };
      const actual = config.values.get(keyword) ?? DEFAULTS[keyword];
      if (actual === undefined) return { status: 'manual', evidence: `${keyword} not set and its default is unknown` };
      return { status: compare(op, actual.toLowerCase(), value.toLowerCase()) ? 'pass' : status, evidence: `${keyword} ${actual} (${config.source})` };
    };
  },
};

interface SshdConfig {
  values: Map<string, string>;
  source: string;
}

export function sshdConfig(ctx: ComplianceContext): Promise<SshdConfig | undefined> {
  return ctx.shared('sshd-config', async () => {
    if (ctx.live) {
      const t = await ctx.run('sshd -T 2>/dev/null');
      if (t.exitCode === 0 && t.stdout.trim()) return { values: parseLines(t.stdout.split('\n'), new Map()), source: 'sshd -T' };
    }
    const main = await readFile(ctx.path('/etc/ssh/sshd_config'), 'utf8').catch(() => undefined);
    if (main === undefined) return undefined;
    const values = new Map<string, string>();
    await readConfig(ctx, main, values, 0);
    return { values, source: '/etc/ssh/sshd_config' };
  });
}

const MAX_INCLUDE_DEPTH = 8;

async function readConfig(ctx: ComplianceContext, text: string, values: Map<string, string>, depth: number): Promise<void> {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (/^match\s/i.test(line)) return; // Match blocks apply conditionally; the global part ends here.
    const inc = /^include\s+(.+)$/i.exec(line);
    if (inc && depth < MAX_INCLUDE_DEPTH) {
      for (const pattern of inc[1].split(/\s+/)) {
        const abs = pattern.startsWith('/') ? pattern : `/etc/ssh/${pattern}`;
        for (const f of await expand(ctx, [abs])) await readConfig(ctx, await readFile(ctx.path(f), 'utf8').catch(() => ''), values, depth + 1);
      }
      continue;
    }
    parseLines([line], values);
  }
}

function parseLines(lines: string[], values: Map<string, string>): Map<string, string> {
  for (const line of lines) {
    const m = /^\s*([A-Za-z]+)\s*(?:=\s*|\s+)(.*?)\s*$/.exec(line);
    if (m && !line.trim().startsWith('#') && !values.has(m[1].toLowerCase())) values.set(m[1].toLowerCase(), m[2]);
  }
  return values;
}
