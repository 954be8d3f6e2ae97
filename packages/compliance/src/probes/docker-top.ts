import { dockerObjects, objectName } from '../docker/engine.ts';
import { withEngine } from './docker-objects.ts';
import type { Audit, Probe, Spec } from './probe.ts';

/**
 * `probe: docker-top`: running containers with a process whose command matches `pattern`
 * (`GET /containers/{id}/top`, so no tool inside the image is needed).
 */
export const dockerTopProbe: Probe = {
  kind: 'docker-top',
  compile(spec: Spec): Audit {
    const pattern = new RegExp(spec.string('pattern'));
    const status = spec.status('status', 'fail');
    return (ctx) =>
      withEngine(async () => {
        const containers = await dockerObjects(ctx, 'containers');
        const bad: string[] = [];
        for (const c of containers) {
          if ((c.State as { Running?: boolean } | undefined)?.Running !== true) continue;
          const top = await ctx.docker!.get<{ Titles: string[]; Processes: string[][] }>(`/containers/${String(c.Id)}/top`).catch(() => undefined);
          const col = top ? Math.max(0, top.Titles.indexOf('CMD')) : 0;
          const hits = top?.Processes.map((p) => p[col] ?? '').filter((cmd) => pattern.test(cmd)) ?? [];
          if (hits.length) bad.push(`${objectName(c)}: ${hits.join('; ')}`);
        }
        if (bad.length) return { status, evidence: bad.join('\n') };
        return { status: 'pass', evidence: `no process of ${containers.length} containers matches ${pattern.source}` };
      });
  },
};
