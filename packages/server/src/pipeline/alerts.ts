/**
 * Engine alerts → stored alerts: suppression rules drop matches, repeats within the dedup window
 * count on the open alert, new alerts join their host's incident, reach the live stream and the
 * outputs.
 */
import { createHash } from 'node:crypto';
import type { Alert } from '@vigil/detect';
import type { AlertRecord, AlertRepeat, DetectionWrites, Store, Suppression } from '../store/store.ts';
import type { LiveHub } from '../live.ts';
import type { Metrics } from '../metrics.ts';
import type { SettingsCache } from '../settings.ts';
import { newId } from '../auth/secrets.ts';
import { IncidentAssigner } from './incidents.ts';

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

/** An engine alert and the stored ids of its events, oldest first. */
export interface Detection {
  alert: Alert;
  eventIds: string[];
}

export class AlertPipeline {
  private suppressions: Suppression[] = [];
  private readonly hosts = new HostQueue();

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

  /**
   * One unit of analysis — a batch's alerts and its analyzed mark, or a tick's alerts — decided and
   * committed together; the live stream and the outputs hear of it after the commit. Units of the
   * same host run one after another, each reading what the previous one committed.
   */
  async commit(detections: readonly Detection[], analyzedBatch?: string): Promise<void> {
    const kept = detections.filter((d) => !this.suppressions.some((s) => isSuppressed(d.alert, s)));
    if (kept.length < detections.length) this.metrics.inc('vigil_alerts_suppressed_total', 'Alerts dropped by suppression rules', detections.length - kept.length);
    await this.hosts.run(
      kept.map((d) => d.alert.host.id),
      () => this.commitUnit(kept, analyzedBatch),
    );
  }

  private async commitUnit(detections: readonly Detection[], analyzedBatch: string | undefined): Promise<void> {
    const settings = this.settings.get();
    const windowMs = settings.dedup_window_seconds * 1000;
    const incidents = new IncidentAssigner(this.store, settings.incident_window_seconds * 1000);
    /** This unit's copies of open alerts: the newest per dedup key, and every one read, by id. */
    const byKey = new Map<string, AlertRecord>();
    const byId = new Map<string, AlertRecord>();
    const created = new Set<AlertRecord>();
    const repeats: DetectionWrites['repeats'] = [];
    let deduplicated = 0;
    for (const { alert: a, eventIds } of detections) {
      const key = dedupKey(a);
      const since = new Date(Date.parse(a.time) - windowMs).toISOString();
      const mine = byKey.get(key);
      let open = mine && mine.last_seen >= since ? mine : await this.store.findAlertByDedupKey(key, since);
      if (open) {
        open = byId.get(open.id) ?? open;
        byId.set(open.id, open);
        byKey.set(key, open);
        const repeat = { time: a.time, event_id: eventIds.at(-1) ?? '', max_event_ids: MAX_ALERT_EVENT_IDS };
        repeatInPlace(open, repeat);
        if (!created.has(open)) repeats.push({ id: open.id, repeat });
        deduplicated++;
        continue;
      }
      const record = newAlertRecord(a, key, eventIds);
      record.incident_id = await incidents.assign(record);
      created.add(record);
      byId.set(record.id, record);
      byKey.set(key, record);
    }
    await this.store.commitDetections({ ...incidents.writes(), alerts: [...created], repeats, analyzed_batch: analyzedBatch });
    if (deduplicated > 0) this.metrics.inc('vigil_alerts_deduplicated_total', 'Alert repeats counted on an open alert', deduplicated);
    for (const record of created) {
      this.metrics.inc('vigil_alerts_total', 'Alerts raised', 1, { severity: record.severity });
      this.live.publish('alert', record);
      this.sink.publish(record);
    }
    for (const id of new Set(repeats.map((r) => r.id))) {
      const updated = await this.store.getAlert(id);
      if (updated) this.live.publish('alert.update', updated);
    }
  }
}

function newAlertRecord(a: Alert, key: string, eventIds: string[]): AlertRecord {
  const now = new Date().toISOString();
  return {
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
}

/** What `Store.recordAlertRepeat` does to the row, on the unit's copy. */
function repeatInPlace(a: AlertRecord, r: AlertRepeat): void {
  a.count++;
  if (r.time > a.last_seen) a.last_seen = r.time;
  if (a.event_ids.length < r.max_event_ids && !a.event_ids.includes(r.event_id)) a.event_ids.push(r.event_id);
  a.updated_at = new Date().toISOString();
}

/** Runs work per set of keys: work sharing a key waits for the earlier work on it. */
class HostQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async run(keys: readonly string[], work: () => Promise<void>): Promise<void> {
    const releases: (() => void)[] = [];
    // Taken in sorted order, so two units of overlapping hosts never wait for each other.
    for (const key of [...new Set(keys)].sort()) {
      const before = this.tails.get(key);
      let release!: () => void;
      const mine = new Promise<void>((r) => (release = r));
      this.tails.set(key, mine);
      releases.push(() => {
        release();
        if (this.tails.get(key) === mine) this.tails.delete(key);
      });
      await before;
    }
    try {
      await work();
    } finally {
      for (const r of releases) r();
    }
  }
}
