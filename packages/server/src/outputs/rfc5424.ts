/**
 * RFC 5424 syslog messages for alerts and inspection reports. A record's fields go in one
 * structured-data element (`vigil@32473`: 32473 is the example enterprise number RFC 5612
 * reserves, used until Vigil has its own) and MSGID says which record it is (`alert` |
 * `inspection`). The MSG part, UTF-8 with the BOM the RFC asks for, is what a person reads: the
 * rule's output text, or the report's title, summary (English, then zh-CN) and top items.
 */
import { topItems } from '../pipeline/inspection.ts';
import type { AlertSeverityName } from '../store/store.ts';
import { recordKind, type OutputAlert, type OutputInspection, type OutputRecord } from './output.ts';

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

/** Items named per section in an inspection's MSG / CEF extension, and in all: enough to act on, small enough for one datagram. */
const TOP_ITEMS_PER_SECTION = 3;
const TOP_ITEMS_MAX = 10;
const TOP_ITEM_CHARS = 160;

/** The report's most urgent items, each cut to a line's length. */
export function inspectionTopItems(inspection: OutputInspection): string[] {
  return topItems(inspection.report, TOP_ITEMS_PER_SECTION)
    .slice(0, TOP_ITEMS_MAX)
    .map((line) => (line.length > TOP_ITEM_CHARS ? `${line.slice(0, TOP_ITEM_CHARS - 1)}…` : line));
}

/** Severity and time a record is logged with: an alert's last sighting, a report's end. */
function recordSeverityAndTime(r: OutputRecord): { severity: AlertSeverityName; time: string } {
  return r.type === 'alerts' ? { severity: r.alert.severity, time: r.alert.last_seen } : { severity: r.inspection.report.severity, time: r.inspection.time };
}

/** The header up to and including MSGID (`alert` | `inspection`), shared with CEF-over-syslog. */
export function syslogPrefix(record: OutputRecord, header: SyslogHeader): string {
  const { severity, time } = recordSeverityAndTime(record);
  const pri = (header.facility ?? DEFAULT_FACILITY) * 8 + SYSLOG_SEVERITY[severity];
  return [
    `<${pri}>1`,
    syslogTimestamp(time),
    headerField(header.hostname, 255),
    headerField(header.appName ?? 'vigil', 48),
    headerField(header.procId ?? String(process.pid), 128),
    headerField(recordKind(record), 32),
  ].join(' ');
}

/** The report's identity and the count of every section (camelCase, as the alert's params are). */
export function inspectionStructuredData(inspection: OutputInspection): Array<[string, string]> {
  const r = inspection.report;
  const counts = Object.entries(r.counts).map(([section, n]): [string, string] => [section.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), String(n)]);
  return [
    ['id', inspection.id],
    ['group', inspection.group_id],
    ['groupName', r.group_name],
    ['severity', r.severity],
    ['since', r.period.since],
    ['until', r.period.until],
    ['agentsTotal', String(r.agents_total)],
    ...counts,
  ];
}

/** Title, summary in English then zh-CN, and the top items. */
export function inspectionMessage(inspection: OutputInspection): string {
  const r = inspection.report;
  const top = inspectionTopItems(inspection);
  return `${r.title.en} / ${r.title.zh}. ${r.summary.en} ${r.summary.zh}${top.length ? ` Top: ${top.join('; ')}` : ''}`.replace(/\r?\n|\r/g, ' ');
}

export function formatRfc5424(record: OutputRecord, header: SyslogHeader = {}): string {
  const [params, msg] = record.type === 'alerts' ? [alertStructuredData(record.alert), record.alert.output] : [inspectionStructuredData(record.inspection), inspectionMessage(record.inspection)];
  const sd = `[${SD_ID}${params.map(([k, v]) => ` ${k}="${escapeParamValue(v)}"`).join('')}]`;
  return `${syslogPrefix(record, header)} ${sd} ${BOM}${msg}`;
}
