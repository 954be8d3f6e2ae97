import { lstat } from 'node:fs/promises';
import { expand } from './file-mode.ts';
import { presenceOutcome, type Audit, type Probe, type Spec } from './probe.ts';

/**
 * `probe: service`: whether systemd units are enabled, from the `.wants/` links under
 * /etc/systemd/system (what `systemctl enable` creates) — the same on a live host and a copy.
 * `enabled: false` lists units that should not start (telnet, rsh, tftp, avahi).
 */
export const serviceProbe: Probe = {
  kind: 'service',
  compile(spec: Spec): Audit {
    const { names: units, wanted, status } = spec.presence('units', 'enabled');
    return async (ctx) => {
      const enabled: string[] = [];
      for (const unit of units) {
        const links = await expand(ctx, [`/etc/systemd/system/*.wants/${unit}`]);
        for (const l of links) if (await lstat(ctx.path(l)).catch(() => undefined)) enabled.push(unit);
      }
      return presenceOutcome(units, new Set(enabled), wanted, status, 'enabled');
    };
  },
};
