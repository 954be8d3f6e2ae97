/**
 * The configured outputs (store `outputs` plus `--output` specs) as one AlertSink: the outputs
 * dispatcher (outputs/) rebuilt whenever an admin changes the list.
 */
import { OutputDispatcher, createOutput, type OutputStats } from '../outputs/index.ts';
import type { AlertRecord, AlertSeverityName, OutputConfig, Store } from '../store/store.ts';
import type { AlertSink } from './alerts.ts';

export interface StaticOutput {
  type: string;
  config: Record<string, unknown>;
  minSeverity?: AlertSeverityName;
}

export class AlertOutputs implements AlertSink {
  private dispatcher = new OutputDispatcher([]);

  constructor(
    private readonly store: Store,
    private readonly fixed: readonly StaticOutput[],
    private readonly warn: (m: string) => void,
  ) {}

  /** Validates a config the way `reload` will use it (UserError on a bad one). */
  static check(o: Pick<OutputConfig, 'type' | 'config'>): void {
    void createOutput(o.type, o.config).close();
  }

  async reload(): Promise<void> {
    const routes = [
      ...this.fixed.map((o) => ({ output: createOutput(o.type, o.config), minSeverity: o.minSeverity })),
      ...(await this.store.listOutputs()).filter((o) => o.enabled).map((o) => ({ output: createOutput(o.type, o.config), minSeverity: o.min_severity })),
    ];
    const old = this.dispatcher;
    this.dispatcher = new OutputDispatcher(routes, { onError: (out, alert, err) => this.warn(`output ${out.name}: alert ${alert.id}: ${(err as Error).message}`) });
    await old.close();
  }

  publish(alert: AlertRecord): void {
    this.dispatcher.publish(alert);
  }

  stats(): OutputStats[] {
    return this.dispatcher.stats();
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}
