import { accounts, groups } from '../accounts.ts';
import type { Audit, Probe, Spec } from './probe.ts';

/**
 * `probe: group-members`: who belongs to `group` (listed or by primary gid). Membership of a
 * group like `docker` is root on the host, so any member is for a person to confirm: `status`
 * (default warn) with the names; an empty or absent group passes.
 */
export const groupMembersProbe: Probe = {
  kind: 'group-members',
  compile(spec: Spec): Audit {
    const name = spec.string('group');
    const allowed = new Set(spec.strings('allowed', true));
    const status = spec.status('status', 'warn');
    return async (ctx) => {
      const group = (await groups(ctx)).find((g) => g.name === name);
      if (!group) return { status: 'pass', evidence: `no group ${name}` };
      const primary = (await accounts(ctx)).filter((a) => a.gid === group.gid).map((a) => a.name);
      const members = [...new Set([...group.members, ...primary])].filter((m) => !allowed.has(m));
      if (!members.length) return { status: 'pass', evidence: `group ${name} has no members` };
      return { status, evidence: `group ${name}: ${members.join(', ')}` };
    };
  },
};
