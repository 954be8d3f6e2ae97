import { describeFields, holds, parseCondition } from '../condition.ts';
import { loadWorkloads, scopeDocs } from '../k8s/workloads.ts';
import type { Audit, Probe, Spec } from './probe.ts';

/**
 * `probe: k8s-workloads`: every pod (`scope: pod`) or container (`scope: container`) of the
 * manifests given to the run (`--manifests`) that meets `violation` is listed; no manifests → manual.
 */
export const k8sWorkloadsProbe: Probe = {
  kind: 'k8s-workloads',
  compile(spec: Spec): Audit {
    const scope = spec.string('scope', 'pod');
    if (scope !== 'pod' && scope !== 'container') spec.fail('audit.scope must be pod or container');
    const violation = parseCondition(spec.raw.violation, `${spec.where}: audit.violation`);
    const status = spec.status('status', 'fail');
    return async (ctx) => {
      if (!ctx.manifests.length) return { status: 'manual', evidence: 'no manifests given (--manifests FILE|DIR)' };
      const workloads = await ctx.shared('k8s-workloads', () => loadWorkloads(ctx.manifests));
      const docs = workloads.flatMap((w) => scopeDocs(w, scope));
      const bad = docs.filter((d) => holds(violation, d.doc));
      if (!bad.length) return { status: 'pass', evidence: `${workloads.length} workloads checked, none matched` };
      return { status, evidence: bad.map((d) => `${d.label}: ${describeFields(violation, d.doc)}`).join('\n') };
    };
  },
};
