/**
 * Runs the best process sensor this host allows (eBPF, else /proc polling), turns its records
 * into events, restarts it when it dies and reports its health. A sensor that keeps dying is
 * given up for the next one in the list, and the health says so.
 */
import type { VigilEvent } from '@vigil/schema';
import type { RateLimiter } from '../limits/rate-limits.ts';
import { DockerContainerLookup } from './docker-lookup.ts';
import { EbpfProcessSensor } from './ebpf-sensor.ts';
import { ProcessEventBuilder, type ContainerResolver } from './process-events.ts';
import type { ProcessRecord } from './process-record.ts';
import { ProcPollingSensor } from './proc-sensor.ts';
import { SensorUnavailable, type ProcessSensor, type SensorHealth } from './sensor.ts';

export interface ProcessMonitorOptions {
  host: { id: string; name?: string };
  onEvent: (event: VigilEvent) => void;
  /** In order of preference; default eBPF then /proc polling. */
  sensors?: ProcessSensor[];
  containers?: ContainerResolver;
  /** First restart delay; doubles per consecutive failure up to 30 s. */
  restartDelayMs?: number;
  /** Consecutive failures after which the next sensor is tried. */
  maxRestarts?: number;
  /** Per-kind rate limits; what they drop is counted in the health. */
  limiter?: RateLimiter;
}

export interface MonitorHealth extends SensorHealth {
  /** Records dropped by the rate limits, by record kind (only with a limiter). */
  dropped?: Record<string, number>;
}

export class ProcessMonitor {
  readonly #sensors: ProcessSensor[];
  readonly #builder: ProcessEventBuilder;
  #index = 0;
  #health: SensorHealth;
  #failures = 0;
  #stopped = false;
  #restartTimer?: NodeJS.Timeout;
  /** Records are turned into events one at a time so that events keep the kernel's order. */
  #queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: ProcessMonitorOptions) {
    this.#sensors = options.sensors ?? [new EbpfProcessSensor(), new ProcPollingSensor()];
    this.#builder = new ProcessEventBuilder(options.host, options.containers ?? new DockerContainerLookup());
    this.#health = { sensor: this.#sensors[0]?.name ?? 'none', state: 'stopped', events: 0, lost: 0, restarts: 0, unavailable: [] };
  }

  health(): MonitorHealth {
    const sensor = this.#sensors[this.#index];
    const limiter = this.options.limiter;
    return {
      ...this.#health,
      lost: sensor ? sensor.lost() : this.#health.lost,
      unavailable: [...this.#health.unavailable],
      ...(limiter ? { dropped: limiter.dropped() } : {}),
    };
  }

  /** Resolves with the active sensor's name once it runs; rejects if no sensor can run here. */
  async start(): Promise<string> {
    this.#stopped = false;
    for (; this.#index < this.#sensors.length; this.#index++) {
      const sensor = this.#sensors[this.#index];
      this.#health.sensor = sensor.name;
      this.#health.state = 'starting';
      try {
        await this.#run(sensor);
        return sensor.name;
      } catch (err) {
        if (!(err instanceof SensorUnavailable)) throw err;
        this.#health.unavailable.push({ sensor: sensor.name, reason: err.message });
      }
    }
    this.#health.state = 'failed';
    throw new SensorUnavailable(`no process sensor can run here: ${this.#health.unavailable.map((u) => `${u.sensor}: ${u.reason}`).join('; ')}`);
  }

  async #run(sensor: ProcessSensor): Promise<void> {
    await sensor.start(
      (records) => this.#enqueue(records, sensor.name),
      (err) => this.#failed(sensor, err),
    );
    this.#health.state = 'running';
  }

  #enqueue(records: ProcessRecord[], sensor: string): void {
    // Limited before enrichment: dropping is only worth it if it saves the work.
    const limiter = this.options.limiter;
    const admitted = limiter ? records.filter((r) => limiter.admit(r.kind)) : records;
    this.#queue = this.#queue.then(async () => {
      for (const r of admitted) {
        const event = await this.#builder.handle(r, sensor);
        if (!event) continue;
        this.options.onEvent(event);
        this.#health.events++;
      }
    });
  }

  #failed(sensor: ProcessSensor, err: Error): void {
    if (this.#stopped) return;
    this.#health.lastError = `${sensor.name}: ${err.message}`;
    this.#health.state = 'restarting';
    this.#failures++;
    const maxRestarts = this.options.maxRestarts ?? 5;
    if (this.#failures > maxRestarts) {
      this.#health.unavailable.push({ sensor: sensor.name, reason: `gave up after ${maxRestarts} restarts: ${err.message}` });
      this.#index++;
      this.#failures = 0;
      if (this.#index >= this.#sensors.length) {
        this.#health.state = 'failed';
        return;
      }
    }
    const delay = Math.min((this.options.restartDelayMs ?? 500) * 2 ** Math.max(0, this.#failures - 1), 30_000);
    this.#restartTimer = setTimeout(() => {
      this.#health.restarts++;
      const next = this.#index === this.#sensors.indexOf(sensor) ? this.#run(sensor) : this.start().then(() => undefined);
      next.catch((e: Error) => this.#failed(this.#sensors[this.#index] ?? sensor, e));
    }, delay);
  }

  /** Stops the sensor and waits until every record it delivered has become an event. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#restartTimer);
    await this.#sensors[this.#index]?.stop();
    await this.#queue;
    this.#health.state = 'stopped';
  }

  /** Wait until the records delivered so far have become events. */
  flush(): Promise<void> {
    return this.#queue;
  }
}
