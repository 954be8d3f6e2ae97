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
    await old.close();
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

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}
