/**
 * Engine alerts → stored alerts: suppression rules drop matches, repeats within the dedup window
 * count on the open alert, new alerts join their host's incident, reach the live stream and the
 * outputs.
 */
import { createHash } from 'node:crypto';
import type { Alert } from '@vigil/detect';
import type { AlertRecord, Store, Suppression } from '../store/store.ts';
import type { LiveHub } from '../live.ts';
import type { Metrics } from '../metrics.ts';
import type { SettingsCache } from '../settings.ts';
import { newId } from '../auth/secrets.ts';
import { assignIncident } from './incidents.ts';

/** Where new alerts go after the store: the outputs dispatcher (outputs/). */
export interface AlertSink {
  publish(alert: AlertRecord): void;
}

/** Triggering event ids kept per alert; the count keeps growing past it. */
export const MAX_ALERT_EVENT_IDS = 50;

export function dedupKey(a: Alert): string {
  const parts = [a.rule.id, a.host.id, a.container?.id ?? '', a.event.process?.executable ?? ''];
  return createHash('sha256').update(parts.join('\0')).digest('base64url').slice(0, 22);
}

export function isSuppressed(a: Alert, s: Suppression): boolean {
  return (
    (s.rule_id === null || s.rule_id === a.rule.id) &&
    (s.host_id === null || s.host_id === a.host.id) &&
    (s.process_executable === null || s.process_executable === a.event.process?.executable) &&
    (s.container_image === null || s.container_image === a.event.container?.image?.name)
  );
}

export class AlertPipeline {
  private suppressions: Suppression[] = [];

  constructor(
    private readonly store: Store,
    private readonly settings: SettingsCache,
    private readonly live: LiveHub,
    private readonly metrics: Metrics,
    private readonly sink: AlertSink,
  ) {}

  async loadSuppressions(): Promise<void> {
    this.suppressions = await this.store.listSuppressions();
  }

  /** `eventIds`: stored ids of the alert's events, oldest first. */
  async handle(a: Alert, eventIds: string[]): Promise<AlertRecord | undefined> {
    if (this.suppressions.some((s) => isSuppressed(a, s))) {
      this.metrics.inc('vigil_alerts_suppressed_total', 'Alerts dropped by suppression rules');
      return undefined;
    }
    const key = dedupKey(a);
    const windowMs = this.settings.get().dedup_window_seconds * 1000;
    const open = await this.store.findAlertByDedupKey(key, new Date(Date.parse(a.time) - windowMs).toISOString());
    if (open) {
      const updated = await this.store.recordAlertRepeat(open.id, { time: a.time, event_id: eventIds.at(-1) ?? '', max_event_ids: MAX_ALERT_EVENT_IDS });
      this.metrics.inc('vigil_alerts_deduplicated_total', 'Alert repeats counted on an open alert');
      if (updated) this.live.publish('alert.update', updated);
      return updated;
    }
    const now = new Date().toISOString();
    const record: AlertRecord = {
      id: newId(),
      dedup_key: key,
      rule_id: a.rule.id,
      rule_name: a.rule.name,
      rule_source: a.rule.source,
      severity: a.severity,
      techniques: a.techniques,
      tactics: a.tactics,
      output: a.output,
      host_id: a.host.id,
      container_id: a.container?.id ?? null,
      first_seen: a.time,
      last_seen: a.time,
      count: 1,
      event_ids: eventIds.slice(0, MAX_ALERT_EVENT_IDS),
      status: 'new',
      assignee: null,
      incident_id: null,
      comments: [],
      created_at: now,
      updated_at: now,
    };
    record.incident_id = await assignIncident(this.store, record, this.settings.get().incident_window_seconds * 1000);
    await this.store.createAlert(record);
    this.metrics.inc('vigil_alerts_total', 'Alerts raised', 1, { severity: record.severity });
    this.live.publish('alert', record);
    this.sink.publish(record);
    return record;
  }
}
