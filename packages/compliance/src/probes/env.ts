import type { Audit, Probe, Spec } from './probe.ts';

/** `probe: env`: an environment variable of the auditing process (`DOCKER_CONTENT_TRUST=1`). */
export const envProbe: Probe = {
  kind: 'env',
  compile(spec: Spec): Audit {
    const name = spec.string('name');
    const verdict = spec.expectation();
    return async (ctx) => {
      const actual = ctx.env[name];
      return { status: verdict(actual), evidence: `${name}=${actual ?? '<unset>'}` };
    };
  },
};
