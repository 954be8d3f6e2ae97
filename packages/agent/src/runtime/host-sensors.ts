/**
 * The sensors of a running agent, as one unit the server's configuration can steer: the process
 * monitor (eBPF, else /proc polling), logins (wtmp/btmp, su/sudo from process events) and
 * file-integrity monitoring of the configured trees, the process monitor and FIM each
 * switchable on and off, FIM re-pointed at new trees, rate limits replaced, all without a restart.
 */
import type { VigilEvent } from '@vigil/schema';
import { FimMonitor } from '../fim/monitor.ts';
import { RateLimiter, type RateLimit } from '../limits/rate-limits.ts';
import { SuSudoLogins } from '../logins/su-sudo-logins.ts';
import { UtmpLoginSensor } from '../logins/utmp-logins.ts';
import { ProcessMonitor, type MonitorHealth } from '../sensors/process-monitor.ts';
import type { ProcessSensor } from '../sensors/sensor.ts';
import type { PushedConfig } from '../uplink/pushed-config.ts';

export interface HostSensorsOptions {
  host: { id: string; name?: string };
  onEvent: (event: VigilEvent) => void;
  /** A fresh set of process sensors, in order of preference, each time the monitor starts. */
  processSensors: () => ProcessSensor[];
  limiter?: RateLimiter;
  /** FIM baseline directory and trees; FIM is off without it. */
  fim?: { stateDir: string; paths: string[]; verifyEveryMs?: number };
  /** Login records followed (default /var/log/wtmp and /var/log/btmp). */
  utmp?: { wtmp?: string; btmp?: string; pollMs?: number };
  onWarn?: (message: string) => void;
  /** Progress worth a line on stderr (FIM baseline verified). */
  onNotice?: (message: string) => void;
}

export interface SensorsHealth {
  process: MonitorHealth | { state: 'off' };
  fim: { state: 'off' | 'verifying' | 'running'; paths: string[] };
  logins: { state: 'off' | 'running' };
}

export class HostSensors {
  readonly limiter: RateLimiter;
  #monitor?: ProcessMonitor;
  #fim?: FimMonitor;
  #fimState: SensorsHealth['fim']['state'] = 'off';
  #fimStarted?: Promise<void>;
  #fimPaths: string[];
  readonly #suSudo: SuSudoLogins;
  #utmp?: UtmpLoginSensor;

  constructor(private readonly opts: HostSensorsOptions) {
    this.limiter = opts.limiter ?? new RateLimiter();
    this.#fimPaths = opts.fim?.paths ?? [];
    this.#suSudo = new SuSudoLogins(opts.onEvent);
  }

  /** Starts both; rejects (SensorUnavailable) only when no process sensor can run here. */
  async start(): Promise<string> {
    const sensor = await this.#startProcess();
    this.#utmp = new UtmpLoginSensor({ host: this.opts.host, onEvent: this.opts.onEvent, onWarn: this.opts.onWarn, ...this.opts.utmp });
    await this.#utmp.start();
    this.#startFim();
    return sensor;
  }

  async #startProcess(): Promise<string> {
    const onEvent = (e: VigilEvent): void => {
      this.opts.onEvent(e);
      this.#suSudo.observe(e);
    };
    const monitor = new ProcessMonitor({ host: this.opts.host, onEvent, sensors: this.opts.processSensors(), limiter: this.limiter });
    this.#monitor = monitor;
    return monitor.start();
  }

  /** The first full pass runs in the background: events flow while the baseline is verified. */
  #startFim(): void {
    const cfg = this.opts.fim;
    if (!cfg || this.#fim || this.#fimPaths.length === 0) return;
    const fim = new FimMonitor({ paths: this.#fimPaths, stateDir: cfg.stateDir, host: this.opts.host, onEvent: this.opts.onEvent, onWarn: this.opts.onWarn, verifyEveryMs: cfg.verifyEveryMs });
    this.#fim = fim;
    this.#fimState = 'verifying';
    this.#fimStarted = fim.start().then(
      (s) => {
        if (this.#fim !== fim) return;
        this.#fimState = 'running';
        this.opts.onNotice?.(`file integrity: ${s.checked} paths verified under ${this.#fimPaths.join(', ')}, ${s.changes} changes`);
      },
      (err: Error) => this.opts.onWarn?.(`file integrity: ${err.message}`),
    );
  }

  async #stopFim(): Promise<void> {
    const fim = this.#fim;
    this.#fim = undefined;
    this.#fimState = 'off';
    await this.#fimStarted;
    await fim?.stop();
  }

  async #stopProcess(): Promise<void> {
    const monitor = this.#monitor;
    this.#monitor = undefined;
    await monitor?.stop();
  }

  /** Applies the server's configuration; what it leaves out stays as it is. */
  async apply(config: PushedConfig): Promise<void> {
    if (config.rate_limits) {
      this.limiter.configure(Object.fromEntries(Object.entries(config.rate_limits).map(([kind, l]): [string, RateLimit] => [kind, { perSecond: l.per_second, burst: l.burst }])));
    }
    if (config.sensors?.process === false) await this.#stopProcess();
    else if (config.sensors?.process === true && !this.#monitor) await this.#startProcess();
    const paths = config.fim_paths;
    const moved = paths !== undefined && paths.join('\0') !== this.#fimPaths.join('\0');
    if (config.sensors?.fim === false || moved) await this.#stopFim();
    if (paths) this.#fimPaths = paths;
    if (config.sensors?.fim !== false && (moved || config.sensors?.fim === true)) this.#startFim();
  }

  health(): SensorsHealth {
    return {
      process: this.#monitor?.health() ?? { state: 'off' },
      fim: { state: this.#fimState, paths: this.#fimPaths },
      logins: { state: this.#utmp ? 'running' : 'off' },
    };
  }

  /** Stops both; the health then still shows what the process monitor did. */
  async stop(): Promise<void> {
    await Promise.all([this.#monitor?.stop(), this.#stopFim(), this.#utmp?.stop()]);
  }
}
