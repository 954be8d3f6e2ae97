/**
 * su and sudo seen from the kernel instead of their logs: an exec of `su` or `sudo` that goes on
 * to a successful setuid call, itself or in the child it forks for the session, switched user
 * (success, to the user it set); one that exits
 * non-zero without one was refused (failure). Works without syslog or journald, and in
 * containers whose logs the host never sees.
 */
import { basename } from 'node:path';
import type { VigilEvent } from '@vigil/schema';

const SWITCHERS = new Set(['su', 'sudo']);
/** Pending su/sudo processes remembered at most; the oldest is forgotten first. */
const MAX_PENDING = 1024;

interface Pending {
  exec: VigilEvent;
  switched: boolean;
}

export class SuSudoLogins {
  readonly #pending = new Map<string, Pending>();

  constructor(private readonly onEvent: (event: VigilEvent) => void) {}

  observe(e: VigilEvent): void {
    const id = e.process?.entity_id;
    if (!id) return;
    const kind = e.event.kind;
    if (kind === 'process.exec') {
      const program = basename(e.process?.executable ?? e.process?.name ?? '');
      if (!SWITCHERS.has(program)) return;
      this.#pending.set(id, { exec: e, switched: false });
      if (this.#pending.size > MAX_PENDING) this.#pending.delete(this.#pending.keys().next().value!);
      return;
    }
    if (kind === 'process.setuid') {
      // su forks the session's process and switches user there: a child of the su counts.
      const p = this.#pending.get(id) ?? this.#pending.get(e.process?.parent?.entity_id ?? '');
      if (!p || p.switched) return;
      p.switched = true;
      this.onEvent(this.#login(p.exec, e, 'success', e.process?.user?.effective?.id ?? e.process?.user?.id));
      return;
    }
    const p = this.#pending.get(id);
    if (p && kind === 'process.exit') {
      this.#pending.delete(id);
      if (!p.switched && (e.process?.exit_code ?? 0) !== 0) this.onEvent(this.#login(p.exec, e, 'failure', undefined));
    }
  }

  #login(exec: VigilEvent, at: VigilEvent, outcome: 'success' | 'failure', toUser: string | undefined): VigilEvent {
    const program = basename(exec.process?.executable ?? exec.process?.name ?? '');
    return {
      time: at.time,
      event: { kind: 'auth.login', action: program, outcome, sensor: at.event.sensor },
      host: exec.host,
      // The user switched to, when it is known; the one who asked stays in process.user.
      ...(toUser !== undefined ? { user: { id: toUser } } : {}),
      ...(exec.process ? { process: exec.process } : {}),
      ...(exec.container ? { container: exec.container } : {}),
    };
  }
}
