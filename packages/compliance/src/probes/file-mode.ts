import { lstat, readdir, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { compare } from '../compare.ts';
import { daemonConfig, daemonOption } from '../docker/daemon-config.ts';
import type { ComplianceContext } from '../context.ts';
import { groupName, userName } from '../accounts.ts';
import type { Audit, Probe, Spec } from './probe.ts';

/**
 * `probe: file`: owner, group and permission bits of files. `paths` may hold `*` in a segment
 * (`/etc/docker/certs.d/*\/*`); `daemon-option` adds the file a dockerd option names
 * (`tlscacert`). Ownership is `owner: root` and `group: [root, docker]`; `mode: 644` is the widest
 * permission allowed (kube-bench's bitmask). A path that does not exist takes `missing` (pass:
 * nothing to misconfigure).
 */
export const fileModeProbe: Probe = {
  kind: 'file',
  compile(spec: Spec): Audit {
    const patterns = spec.strings('paths', true);
    const option = spec.string('daemon-option', undefined);
    if (!patterns.length && !option) spec.fail('audit.paths or audit.daemon-option is required');
    const owners = spec.strings('owner', true);
    const groups = spec.strings('group', true);
    const mode = spec.string('mode', undefined);
    const missing = spec.status('missing', 'pass');
    const status = spec.status('status', 'fail');
    return async (ctx) => {
      const paths = [...(await expand(ctx, patterns))];
      if (option) paths.push(...daemonOption(await daemonConfig(ctx), option));
      const lines: string[] = [];
      let bad = false;
      for (const p of paths) {
        const st = await stat(ctx.path(p)).catch(() => undefined);
        if (!st) continue;
        const user = (await userName(ctx, st.uid)) ?? String(st.uid);
        const group = (await groupName(ctx, st.gid)) ?? String(st.gid);
        const perm = (st.mode & 0o7777).toString(8).padStart(3, '0');
        const wrong = (owners.length > 0 && !owners.includes(user)) || (groups.length > 0 && !groups.includes(group)) || (mode !== undefined && !compare('bitmask', perm, mode));
        bad ||= wrong;
        lines.push(`${p} ${user}:${group} ${perm}${wrong ? ' ✗' : ''}`);
      }
      if (!lines.length) return { status: missing, evidence: `not present: ${[...patterns, ...(option ? [`dockerd --${option}`] : [])].join(', ')}` };
      return { status: bad ? status : 'pass', evidence: lines.join('\n') };
    };
  },
};

/** Paths with `*` segments expanded under the target root (never following symlinks). */
export async function expand(ctx: ComplianceContext, patterns: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const pattern of patterns) {
    let current = ['/'];
    for (const seg of pattern.split('/').filter(Boolean)) {
      const next: string[] = [];
      for (const dir of current) {
        if (!seg.includes('*')) {
          next.push(posix.join(dir, seg));
          continue;
        }
        const re = new RegExp(`^${seg.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
        const st = await lstat(ctx.path(dir)).catch(() => undefined);
        if (!st?.isDirectory()) continue;
        for (const name of (await readdir(join(ctx.path(dir)))).sort()) if (re.test(name)) next.push(posix.join(dir, name));
      }
      current = next;
    }
    out.push(...current);
  }
  return out;
}
