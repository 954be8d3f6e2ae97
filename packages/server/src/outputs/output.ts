/**
 * The one interface every output (webhook, syslog/CEF, JSON lines file) implements, and the
 * records outputs deliver: alerts as the store keeps them (`AlertRecord`: id, status, rule,
 * severity, techniques, host, first/last seen, count of deduplicated repeats) and inspection
 * reports of host groups. Each record reaches a receiver as its own type: JSON documents carry a
 * `type` discriminator (`alert` | `inspection`), syslog messages a distinct MSGID / CEF class.
 */
import type { Inspection } from '../pipeline/inspection.ts';
import type { AlertRecord } from '../store/store.ts';

export type OutputAlert = AlertRecord;
export type OutputInspection = Inspection;

/** What an output can be configured to receive (`config.records`). */
export const RECORD_TYPES = ['alerts', 'inspections'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export type OutputRecord = { type: 'alerts'; alert: OutputAlert } | { type: 'inspections'; inspection: OutputInspection };

export const alertRecord = (alert: OutputAlert): OutputRecord => ({ type: 'alerts', alert });
export const inspectionRecord = (inspection: OutputInspection): OutputRecord => ({ type: 'inspections', inspection });

/** What a receiver sees as the record's type: JSON `type`, syslog MSGID, `X-Vigil-Record`. */
export function recordKind(r: OutputRecord): 'alert' | 'inspection' {
  return r.type === 'alerts' ? 'alert' : 'inspection';
}

/** The record as one JSON document (webhook body, JSON line): its own fields under a `type` discriminator. */
export function recordDocument(r: OutputRecord): Record<string, unknown> {
  return { type: recordKind(r), ...(r.type === 'alerts' ? r.alert : r.inspection) };
}

/** Stable per record, so a receiver can drop a retried duplicate. */
export function recordId(r: OutputRecord): string {
  return r.type === 'alerts' ? r.alert.id : r.inspection.id;
}

export interface Output {
  /** For logs and health: `webhook https://…`, `syslog tcp://…`, `file /var/log/…`. */
  readonly name: string;
  /** Resolves once the receiver has the record (HTTP 2xx, bytes written to the socket or file); rejects when it cannot. */
  send(record: OutputRecord): Promise<void>;
  close(): Promise<void>;
}
