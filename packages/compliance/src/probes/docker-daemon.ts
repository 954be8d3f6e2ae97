import { compare, isCompareOp, type CompareOp } from '../compare.ts';
import { daemonConfig, daemonOption } from '../docker/daemon-config.ts';
import type { Audit, Probe, Spec } from './probe.ts';

/**
 * `probe: docker-daemon`: an option of the running dockerd (flag `--<flag>`, daemon.json `<key>`).
 * With `expect`, every value given must satisfy it; without, any value given is a violation
 * (insecure registries, a cgroup parent). `unset` is the status when the option is not given.
 */
export const dockerDaemonProbe: Probe = {
  kind: 'docker-daemon',
  compile(spec: Spec): Audit {
    const flag = spec.string('flag');
    const key = spec.string('key', flag)!;
    const unset = spec.status('unset', 'fail');
    const status = spec.status('status', 'fail');
    const expect = spec.raw.expect as { op?: unknown; value?: unknown } | undefined;
    const op = (expect?.op ?? 'eq') as CompareOp;
    if (expect && !isCompareOp(op)) spec.fail(`audit.expect.op '${String(op)}' is unknown`);
    const wanted = expect ? String(expect.value) : undefined;
    return async (ctx) => {
      const config = await daemonConfig(ctx);
      const values = daemonOption(config, flag, key);
      const source = `dockerd ${config.running ? 'flags' : '(not running)'} + ${config.jsonPath}`;
      if (values.length === 0) return { status: unset, evidence: `--${flag} / "${key}" not set (${source})` };
      const ok = wanted !== undefined && values.every((v) => compare(op, v, wanted));
      return { status: ok ? 'pass' : status, evidence: `${flag}=${values.join(',')} (${source})` };
    };
  },
};
