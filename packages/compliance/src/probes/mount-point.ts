import { readFile } from 'node:fs/promises';
import { dockerInfo } from '../docker/engine.ts';
import type { Audit, Probe, Spec } from './probe.ts';

/**
 * `probe: mount-point`: `path` is its own filesystem (a separate partition) — in /proc's mount
 * table on the live host, in /etc/fstab for an offline root. `docker-root: true` takes the path
 * from the Engine's DockerRootDir, as the benchmark's audit does.
 */
export const mountPointProbe: Probe = {
  kind: 'mount-point',
  compile(spec: Spec): Audit {
    const fixed = spec.string('path', undefined);
    const fromDocker = spec.raw['docker-root'] === true;
    if (!fixed && !fromDocker) spec.fail('audit.path or audit.docker-root is required');
    const status = spec.status('status', 'fail');
    return async (ctx) => {
      let path = fixed ?? '/var/lib/docker';
      if (fromDocker && ctx.docker) path = String((await dockerInfo(ctx).catch(() => ({}) as Record<string, unknown>)).DockerRootDir ?? path);
      const table = ctx.live ? `${ctx.proc}/self/mounts` : ctx.path('/etc/fstab');
      const text = await readFile(table, 'utf8').catch(() => '');
      const mounted = text.split('\n').some((l) => !l.startsWith('#') && l.split(/\s+/)[1] === path);
      return { status: mounted ? 'pass' : status, evidence: `${path} ${mounted ? 'is' : 'is not'} a mount point (${ctx.live ? 'mount table' : '/etc/fstab'})` };
    };
  },
};
