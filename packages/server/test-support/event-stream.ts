/**
 * A deterministic agent event stream for comparing runs (distributed vs embedded) and for the
 * ingest bench: mostly benign process executions, with a share that the built-in rule pack
 * alerts on — single-event rules (a binary run from /tmp by a web server's shell) and a stateful
 * one (five failed logins then a success from one address, `vigil.auth.success-after-failures`).
 * Each host's addresses are its own, so every stateful key stays within one host's partition.
 */
import type { VigilEvent } from '@vigil/schema';

export interface StreamOptions {
  /** Events per host. */
  perHost: number;
  /** Every `suspiciousEvery`-th event starts a suspicious pattern (default 50). */
  suspiciousEvery?: number;
  /** Time of the first event, ms (default 2026-06-01T00:00:00Z); events are 10 ms apart. */
  start?: number;
}

export function hostEvents(hostId: string, hostIndex: number, opts: StreamOptions): VigilEvent[] {
  const start = opts.start ?? Date.UTC(2026, 5, 1);
  const every = opts.suspiciousEvery ?? 50;
  const attacker = `203.0.${hostIndex % 256}.${1 + (hostIndex >> 8)}`;
  const events: VigilEvent[] = [];
  const time = () => new Date(start + events.length * 10).toISOString();
  const login = (outcome: 'failure' | 'success'): VigilEvent => ({
    time: time(),
    event: { kind: 'auth.login', action: 'sshd', outcome },
    host: { id: hostId },
    source: { ip: attacker },
    user: { name: 'root' },
  } as VigilEvent);
  for (let n = 0; events.length < opts.perHost; n++) {
    const pid = 10_000 + n;
    if (n % every === every - 1) {
      events.push({
        time: time(),
        event: { kind: 'process.exec' },
        host: { id: hostId },
        process: {
          pid, entity_id: `${hostId}-${pid}`, name: 'evilsh', executable: '/tmp/evilsh', args: ['/tmp/evilsh', '-i'], command_line: '/tmp/evilsh -i',
          user: { name: 'www-data' }, parent: { pid: 77, entity_id: `${hostId}-nginx`, name: 'nginx', executable: '/usr/sbin/nginx' },
        },
      } as VigilEvent);
      for (let f = 0; f < 5 && events.length < opts.perHost; f++) events.push(login('failure'));
      if (events.length < opts.perHost) events.push(login('success'));
    } else {
      events.push({
        time: time(),
        event: { kind: 'process.exec' },
        host: { id: hostId },
        process: { pid, entity_id: `${hostId}-${pid}`, name: 'ls', executable: '/usr/bin/ls', args: ['ls', '-l', `/srv/${n % 7}`], user: { name: 'app' }, parent: { pid: 1, name: 'systemd' } },
      } as VigilEvent);
    }
  }
  return events;
}

/** Cuts a host's events into agent batches of `size`, ids `<host>-<n>`. */
export function batches(hostId: string, events: VigilEvent[], size: number): { id: string; events: VigilEvent[] }[] {
  const out: { id: string; events: VigilEvent[] }[] = [];
  for (let i = 0; i < events.length; i += size) out.push({ id: `${hostId}-${i / size}`, events: events.slice(i, i + size) });
  return out;
}
