import type { Audit, Probe, Spec } from './probe.ts';

/** `probe: manual`: a judgement no probe can make; `steps` tell the auditor what to verify. */
export const manualProbe: Probe = {
  kind: 'manual',
  compile(spec: Spec): Audit {
    const steps = spec.string('steps');
    return async () => ({ status: 'manual', evidence: steps.trim() });
  },
};
