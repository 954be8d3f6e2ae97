/**
 * RFC 5424 syslog messages for alerts. The alert's fields go in one structured-data element
 * (`vigil@32473`: 32473 is the example enterprise number RFC 5612 reserves, used until Vigil has
 * its own); the MSG part is the rule's output text, UTF-8 with the BOM the RFC asks for.
 */
import type { AlertSeverityName } from '../store/store.ts';
import type { OutputAlert } from './output.ts';

/** RFC 5424 severity codes: critical→2 (Critical) … info→6 (Informational). */
export const SYSLOG_SEVERITY: Record<AlertSeverityName, number> = { critical: 2, high: 3, medium: 4, low: 5, info: 6 };

/** Facility 13 is "log audit", 4 "security/authorization"; default 10 (authpriv) as Falco does. */
export const DEFAULT_FACILITY = 10;

export const SD_ID = 'vigil@32473';
const NIL = '-';
const BOM = '\uFEFF';

export interface SyslogHeader {
  facility?: number;
  /** HOSTNAME of the sender (the server), not of the alert's host, which goes in structured data. */
  hostname?: string;
  appName?: string;
  procId?: string;
}

/** PRINTUSASCII (33–126) only, cut to the field's maximum length, NILVALUE when empty. */
export function headerField(value: string | undefined, max: number): string {
  const clean = (value ?? '').replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return clean === '' ? NIL : clean;
}

/** PARAM-VALUE escaping (RFC 5424 §6.3.3): `"`, `\` and `]` get a backslash. */
export function escapeParamValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** TIMESTAMP allows at most 6 fractional digits; RFC 3339 event times may carry 9. */
export function syslogTimestamp(time: string): string {
  return time.replace(/(\.\d{6})\d+/, '$1');
}

export function alertStructuredData(alert: OutputAlert): Array<[string, string]> {
  const params: Array<[string, string | undefined]> = [
    ['id', alert.id],
    ['status', alert.status],
    ['rule', alert.rule_id],
    ['ruleName', alert.rule_name],
    ['severity', alert.severity],
    ['host', alert.host_id],
    ['container', alert.container_id ?? undefined],
    ['techniques', alert.techniques.join(',')],
    ['tactics', alert.tactics.join(',')],
    ['firstSeen', alert.first_seen],
    ['lastSeen', alert.last_seen],
    ['count', String(alert.count)],
  ];
  return params.filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '');
}

/** The header up to and including MSGID, shared with CEF-over-syslog. */
export function syslogPrefix(alert: OutputAlert, header: SyslogHeader, msgId: string): string {
  const pri = (header.facility ?? DEFAULT_FACILITY) * 8 + SYSLOG_SEVERITY[alert.severity];
  return [
    `<${pri}>1`,
    syslogTimestamp(alert.last_seen),
    headerField(header.hostname, 255),
    headerField(header.appName ?? 'vigil', 48),
    headerField(header.procId ?? String(process.pid), 128),
    headerField(msgId, 32),
  ].join(' ');
}

export function formatRfc5424(alert: OutputAlert, header: SyslogHeader = {}): string {
  const sd = `[${SD_ID}${alertStructuredData(alert)
    .map(([k, v]) => ` ${k}="${escapeParamValue(v)}"`)
    .join('')}]`;
  return `${syslogPrefix(alert, header, 'alert')} ${sd} ${BOM}${alert.output}`;
}
