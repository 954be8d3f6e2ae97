import { notLive, type Audit, type Probe, type Spec } from './probe.ts';

/**
 * `probe: command`: a shell command on the live host whose output must match `pattern` (or, with
 * `absent: true`, must not). For what no typed probe covers; offline roots get `manual`.
 * `inform: true` makes the output evidence for a person to judge (sprawl counts): always `manual`.
 */
export const commandProbe: Probe = {
  kind: 'command',
  compile(spec: Spec): Audit {
    const command = spec.string('command');
    const inform = spec.raw.inform === true;
    const pattern = new RegExp(inform ? spec.string('pattern', '') : spec.string('pattern'), 'm');
    const absent = spec.raw.absent === true;
    const status = spec.status('status', 'fail');
    return async (ctx) => {
      if (!ctx.live) return notLive(`\`${command}\``);
      const out = await ctx.run(command);
      const text = `${out.stdout}${out.stderr}`.trim();
      const matched = pattern.test(text);
      return { status: inform ? 'manual' : matched !== absent ? 'pass' : status, evidence: `$ ${command}\n${text.split('\n').slice(0, 10).join('\n') || '<no output>'}` };
    };
  },
};
