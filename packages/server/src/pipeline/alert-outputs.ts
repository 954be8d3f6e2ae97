/**
 * The configured outputs (store `outputs` plus `--output` specs) as one sink for alerts and
 * inspection reports: the outputs dispatcher (outputs/) rebuilt whenever an admin changes the
 * list. Which records an output takes is its config's `records` (alerts, inspections or both).
 */
import { OutputDispatcher, alertRecord, createOutput, inspectionRecord, outputRecords, recordId, recordKind, type OutputRoute, type OutputStats } from '../outputs/index.ts';
import type { AlertRecord, AlertSeverityName, OutputConfig, Store } from '../store/store.ts';
import type { AlertSink } from './alerts.ts';
import type { Inspection, InspectionSink } from './inspection.ts';

export interface StaticOutput {
  type: string;
  config: Record<string, unknown>;
  minSeverity?: AlertSeverityName;
}

function route(type: string, config: Record<string, unknown>, minSeverity: AlertSeverityName | undefined): OutputRoute {
  return { output: createOutput(type, config), records: outputRecords(type, config), minSeverity };
}

export class AlertOutputs implements AlertSink, InspectionSink {
  private dispatcher = new OutputDispatcher([]);
  private readonly retiring = new Set<Promise<void>>();

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
      ...this.fixed.map((o) => route(o.type, o.config, o.minSeverity)),
      ...(await this.store.listOutputs()).filter((o) => o.enabled).map((o) => route(o.type, o.config, o.min_severity)),
    ];
    const old = this.dispatcher;
    this.dispatcher = new OutputDispatcher(routes, { onError: (out, record, err) => this.warn(`output ${out.name}: ${recordKind(record)} ${recordId(record)}: ${(err as Error).message}`) });
    // What the old outputs still hold is delivered (or fails) in the background: an admin's
    // change does not wait for a receiver that is slow or being retried.
    const retiring: Promise<void> = old
      .close()
      .catch((err) => this.warn(`closing outputs: ${(err as Error).message}`))
      .finally(() => this.retiring.delete(retiring));
    this.retiring.add(retiring);
  }

  publish(alert: AlertRecord): void {
    this.dispatcher.publish(alertRecord(alert));
  }

  publishInspection(inspection: Inspection): void {
    this.dispatcher.publish(inspectionRecord(inspection));
  }

  stats(): OutputStats[] {
    return this.dispatcher.stats();
  }

  async close(): Promise<void> {
    await Promise.all([this.dispatcher.close(), ...this.retiring]);
  }
}
