import { describeFields, holds, parseCondition, type Condition } from '../condition.ts';
import { dockerInfo, dockerObjects, objectName, type DockerKind } from '../docker/engine.ts';
import { NoDockerEngine, type ComplianceContext } from '../context.ts';
import type { Audit, Outcome, Probe, Spec } from './probe.ts';

const KINDS: readonly DockerKind[] = ['containers', 'images', 'networks'];

/**
 * `probe: docker-objects`: every container (running, or all with `allContainers`; or image, or network) whose inspect document
 * meets `violation` is listed, and the check takes `status` (default fail). `when` is a condition
 * on `/info` that makes the check apply (swarm checks apply only in swarm mode).
 */
export const dockerObjectsProbe: Probe = {
  kind: 'docker-objects',
  compile(spec: Spec): Audit {
    const kind = spec.string('objects', 'containers') as DockerKind;
    if (!KINDS.includes(kind)) spec.fail(`audit.objects must be one of ${KINDS.join(', ')}`);
    const violation = parseCondition(spec.raw.violation, `${spec.where}: audit.violation`);
    const status = spec.status('status', 'fail');
    const when = spec.raw.when === undefined ? undefined : parseCondition(spec.raw.when, `${spec.where}: audit.when`);
    return (ctx) =>
      withEngine(async () => {
        if (when && !(await applies(ctx, when))) return { status: 'pass', evidence: 'not applicable: ' + describeFields(when, await dockerInfo(ctx)) };
        const docs = await dockerObjects(ctx, kind);
        if (docs.length === 0) return { status: 'pass', evidence: `no ${kind}` };
        const bad = docs.filter((d) => holds(violation, d));
        if (bad.length === 0) return { status: 'pass', evidence: `${docs.length} ${kind} checked, none matched` };
        return { status, evidence: bad.map((d) => `${objectName(d)}: ${describeFields(violation, d)}`).join('\n') };
      });
  },
};

/** `probe: docker-info`: the check passes when `pass` holds on `GET /info`. */
export const dockerInfoProbe: Probe = {
  kind: 'docker-info',
  compile(spec: Spec): Audit {
    const pass = parseCondition(spec.raw.pass, `${spec.where}: audit.pass`);
    const status = spec.status('status', 'fail');
    return (ctx) =>
      withEngine(async () => {
        const info = await dockerInfo(ctx);
        return { status: holds(pass, info) ? 'pass' : status, evidence: describeFields(pass, info) };
      });
  },
};

async function applies(ctx: ComplianceContext, when: Condition): Promise<boolean> {
  return holds(when, await dockerInfo(ctx));
}

/** Docker checks without an Engine cannot be answered by a probe. */
export async function withEngine(run: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof NoDockerEngine) return { status: 'manual', evidence: (err as Error).message };
    throw err;
  }
}
