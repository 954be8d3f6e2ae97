/**
 * The heartbeat loop: every `heartbeat_seconds` the agent reports its health; the answer carries
 * the server's configuration (applied when its version changes) and response actions, which run
 * once each and whose results are posted back, retried at the next beat until the server has
 * them. The server sets the interval; an unreachable server is retried at the same pace.
 */
import type { ActionResult } from '../response/quarantine.ts';
import type { SpoolStats } from '../spool/spool.ts';
import { TransportError } from '../spool/transport.ts';
import { HeartbeatAnswerSchema, PushedConfigSchema, type AgentAction, type PushedConfig } from './pushed-config.ts';

export interface AgentHealth {
  sensors: Record<string, unknown>;
  drops: Record<string, number>;
  spool: SpoolStats;
  rss_bytes: number;
  cpu_percent: number;
}

export interface HeartbeatOptions {
  post: (path: string, body: unknown) => Promise<unknown>;
  version: string;
  health: () => AgentHealth;
  applyConfig: (config: PushedConfig, version: number) => Promise<void>;
  runAction: (action: AgentAction) => Promise<ActionResult>;
  /** Until the server names one. Default 30 s. */
  intervalMs?: number;
  onWarn?: (message: string) => void;
}

/** How many action ids are remembered so that a re-delivered action is not run twice. */
const REMEMBERED_ACTIONS = 1000;

export class Heartbeat {
  #intervalMs: number;
  #configVersion?: number;
  /** Ids of actions run, oldest first (a Set keeps insertion order). */
  readonly #done = new Set<string>();
  /** Results the server has not acknowledged yet. */
  readonly #unsent = new Map<string, ActionResult>();
  #timer?: NodeJS.Timeout;
  #beat?: Promise<void>;
  #stopped = true;
  #failing = false;

  constructor(private readonly opts: HeartbeatOptions) {
    this.#intervalMs = opts.intervalMs ?? 30_000;
  }

  get intervalMs(): number {
    return this.#intervalMs;
  }

  /** One heartbeat: report, apply, act, report results. Throws when the server cannot be reached. */
  async beat(): Promise<void> {
    const answer = HeartbeatAnswerSchema.safeParse(await this.opts.post('heartbeat', { version: this.opts.version, health: this.opts.health() }));
    if (!answer.success) throw new TransportError(`heartbeat answer: ${answer.error.issues[0]?.message ?? 'malformed'}`, true);
    const { config, config_version: version, heartbeat_seconds: seconds, actions } = answer.data;
    if (seconds) this.#intervalMs = seconds * 1000;
    if (config !== undefined && version !== undefined && version !== this.#configVersion) {
      const parsed = PushedConfigSchema.safeParse(config);
      if (parsed.success) await this.opts.applyConfig(parsed.data, version);
      else this.opts.onWarn?.(`config version ${version} refused, keeping the previous one: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      this.#configVersion = version; // a refused version is not re-examined at every beat
    }
    for (const action of actions) {
      if (this.#done.has(action.id)) continue;
      this.#remember(action.id);
      this.#unsent.set(action.id, await this.opts.runAction(action));
    }
    for (const [id, result] of this.#unsent) {
      await this.opts.post(`actions/${encodeURIComponent(id)}/result`, result);
      this.#unsent.delete(id);
    }
  }

  #remember(id: string): void {
    this.#done.add(id);
    if (this.#done.size > REMEMBERED_ACTIONS) this.#done.delete(this.#done.values().next().value!);
  }

  start(): void {
    this.#stopped = false;
    const run = (): void => {
      this.#beat = this.beat().then(
        () => {
          if (this.#failing) this.opts.onWarn?.('heartbeat: server reachable again');
          this.#failing = false;
        },
        (err: Error) => {
          if (!this.#failing) this.opts.onWarn?.(`heartbeat: ${err.message}`);
          this.#failing = true;
        },
      ).then(() => {
        if (!this.#stopped) this.#timer = setTimeout(run, this.#intervalMs);
      });
    };
    run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#beat;
  }
}
