/**
 * Logins as the login programs record them: a successful login session is a USER_PROCESS record
 * appended to /var/log/wtmp (login, sshd), a failed one any record appended to /var/log/btmp.
 * Both files are followed from their size at start (history is the inventory's `last` table),
 * polled once a second, and re-read from the start after a rotation.
 */
import { open, stat } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { VigilEvent } from '@vigil/schema';
import { parseWtmp, type LoginRecord } from '../inventory/wtmp.ts';

const RECORD = 384;
const USER_PROCESS = 7;

export interface UtmpLoginOptions {
  host: { id: string; name?: string };
  onEvent: (event: VigilEvent) => void;
  wtmp?: string;
  btmp?: string;
  pollMs?: number;
  onWarn?: (message: string) => void;
}

/** ECS: where the login came from (an address or a host name), who, on which terminal. */
export function loginEvent(r: LoginRecord, outcome: 'success' | 'failure', host: UtmpLoginOptions['host']): VigilEvent {
  const from = r.host ? (isIP(r.host) ? { ip: r.host } : { domain: r.host }) : undefined;
  return {
    time: new Date(r.time * 1000).toISOString(),
    event: { kind: 'auth.login', action: from ? 'sshd' : 'login', outcome, sensor: 'utmp' },
    host,
    user: { name: r.username },
    ...(from ? { source: from } : {}),
    ...(r.pid > 0 ? { process: { pid: r.pid } } : {}),
    ...(r.tty ? { labels: { tty: r.tty } } : {}),
  };
}

export class UtmpLoginSensor {
  readonly #offsets = new Map<string, number>();
  #timer?: NodeJS.Timeout;
  #polling?: Promise<void>;

  constructor(private readonly opts: UtmpLoginOptions) {}

  #files(): [string, 'success' | 'failure'][] {
    return [
      [this.opts.wtmp ?? '/var/log/wtmp', 'success'],
      [this.opts.btmp ?? '/var/log/btmp', 'failure'],
    ];
  }

  async start(): Promise<void> {
    for (const [path] of this.#files()) this.#offsets.set(path, (await stat(path).catch(() => undefined))?.size ?? 0);
    this.#timer = setInterval(() => {
      this.#polling ??= this.poll().finally(() => (this.#polling = undefined));
    }, this.opts.pollMs ?? 1000);
  }

  /** Reads what was appended to each file since the last look. */
  async poll(): Promise<void> {
    for (const [path, outcome] of this.#files()) {
      const size = (await stat(path).catch(() => undefined))?.size ?? 0;
      let from = this.#offsets.get(path) ?? 0;
      if (size < from) from = 0; // rotated
      const end = from + Math.floor((size - from) / RECORD) * RECORD;
      if (end <= from) continue;
      const buf = Buffer.alloc(end - from);
      try {
        const fh = await open(path, 'r');
        try {
          await fh.read(buf, 0, buf.length, from);
        } finally {
          await fh.close();
        }
      } catch (err) {
        this.opts.onWarn?.(`logins: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`);
        continue;
      }
      this.#offsets.set(path, end);
      for (const r of parseWtmp(buf)) {
        if (outcome === 'failure' || r.type === USER_PROCESS) this.opts.onEvent(loginEvent(r, outcome, this.opts.host));
      }
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#polling;
  }
}
