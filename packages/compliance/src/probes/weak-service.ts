import { hostname } from 'node:os';
import { candidates, contextGuesses, readLists } from '../passwords/dictionary.ts';
import { checkService, type ServiceKind } from '../passwords/services.ts';
import { notLive, type Audit, type Probe, type Spec } from './probe.ts';

const KINDS: readonly ServiceKind[] = ['redis', 'mysql', 'postgres'];
/** Guesses per account: a service locks out or logs every failure. */
const SERVICE_GUESSES = 10;

/** `probe: weak-service`: a loopback service with no authentication, trust, or a guessable password. */
export const weakServiceProbe: Probe = {
  kind: 'weak-service',
  compile(spec: Spec): Audit {
    const service = spec.string('service') as ServiceKind;
    if (!KINDS.includes(service)) spec.fail(`audit.service must be one of ${KINDS.join(', ')}`);
    const users = spec.strings('users', true);
    const port = spec.string('port', undefined);
    return async (ctx) => {
      if (!ctx.live) return notLive(`the ${service} service`);
      const words = await readLists(ctx.passwordLists, SERVICE_GUESSES);
      const guesses = candidates(contextGuesses(service, hostname(), [new Date().getFullYear()]), words, SERVICE_GUESSES).map((c) => c.password);
      const found = await checkService(service, { passwords: guesses, ...(users.length ? { users } : {}), ...(port ? { port: Number(port) } : {}) });
      if (found.every((f) => f.verdict === 'unreachable')) return { status: 'pass', evidence: `${service}: nothing listens on ${found[0].endpoint}` };
      const bad = found.filter((f) => f.verdict !== 'ok' && f.verdict !== 'unreachable');
      const lines = found.map((f) => `${f.endpoint}${f.user ? ` ${f.user}` : ''}: ${f.verdict} — ${f.detail}`);
      return { status: bad.length ? 'fail' : 'pass', evidence: lines.join('\n') };
    };
  },
};
