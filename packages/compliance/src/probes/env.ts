import { compare } from '../compare.ts';
import type { Audit, Probe, Spec } from './probe.ts';

/** `probe: env`: an environment variable of the auditing process (`DOCKER_CONTENT_TRUST=1`). */
export const envProbe: Probe = {
  kind: 'env',
  compile(spec: Spec): Audit {
    const name = spec.string('name');
    const op = spec.op();
    const value = spec.string('value');
    const status = spec.status('status', 'fail');
    return async (ctx) => {
      const actual = ctx.env[name];
      const ok = actual !== undefined && compare(op, actual, value);
      return { status: ok ? 'pass' : status, evidence: `${name}=${actual ?? '<unset>'}` };
    };
  },
};
