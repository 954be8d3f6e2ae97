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
  return [...hostEventStream(hostId, hostIndex, opts)];
}

/** The same events, generated as they are taken (bounded memory for long streams). */
export function* hostEventStream(hostId: string, hostIndex: number, opts: StreamOptions): Generator<VigilEvent> {
  const start = opts.start ?? Date.UTC(2026, 5, 1);
  const every = opts.suspiciousEvery ?? 50;
  const attacker = `203.0.${hostIndex % 256}.${1 + (hostIndex >> 8)}`;
  let emitted = 0;
  const time = () => new Date(start + emitted * 10).toISOString();
  const login = (outcome: 'failure' | 'success'): VigilEvent => ({
    time: time(),
    event: { kind: 'auth.login', action: 'sshd', outcome },
    host: { id: hostId },
    source: { ip: attacker },
    user: { name: 'root' },
  } as VigilEvent);
  const emit = (ev: VigilEvent) => {
    emitted++;
    return ev;
  };
  for (let n = 0; emitted < opts.perHost; n++) {
    const pid = 10_000 + n;
    if (n % every === every - 1) {
      yield emit({
        time: time(),
        event: { kind: 'process.exec' },
        host: { id: hostId },
        process: {
          pid, entity_id: `${hostId}-${pid}`, name: 'evilsh', executable: '/tmp/evilsh', args: ['/tmp/evilsh', '-i'], command_line: '/tmp/evilsh -i',
          user: { name: 'www-data' }, parent: { pid: 77, entity_id: `${hostId}-nginx`, name: 'nginx', executable: '/usr/sbin/nginx' },
        },
      } as VigilEvent);
      for (let f = 0; f < 5 && emitted < opts.perHost; f++) yield emit(login('failure'));
      if (emitted < opts.perHost) yield emit(login('success'));
    } else {
      yield emit({
        time: time(),
        event: { kind: 'process.exec' },
        host: { id: hostId },
        process: { pid, entity_id: `${hostId}-${pid}`, name: 'ls', executable: '/usr/bin/ls', args: ['ls', '-l', `/srv/${n % 7}`], user: { name: 'app' }, parent: { pid: 1, name: 'systemd' } },
      } as VigilEvent);
    }
  }
}

/** Cuts a host's events into agent batches of `size`, ids `<host>-<n>`, as they are taken. */
export function* batches(hostId: string, events: Iterable<VigilEvent>, size: number): Generator<{ id: string; events: VigilEvent[] }> {
  let n = 0;
  let batch: VigilEvent[] = [];
  for (const ev of events) {
    batch.push(ev);
    if (batch.length === size) {
      yield { id: `${hostId}-${n++}`, events: batch };
      batch = [];
    }
  }
  if (batch.length > 0) yield { id: `${hostId}-${n}`, events: batch };
}
