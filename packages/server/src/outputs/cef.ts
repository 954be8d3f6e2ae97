/**
 * ArcSight Common Event Format (CEF 0) for alerts and inspection reports, carried as the MSG of
 * an RFC 5424 syslog message as SIEM collectors expect. An alert's signature id is its rule; an
 * inspection's is `vigil:inspection` (its own event class), named by the report's title.
 * Escaping follows the CEF spec: in the header `\` and `|`; in extension values `\`, `=` and
 * line breaks (`\n`, `\r`); extension keys are fixed here.
 */
import type { AlertSeverityName } from '../store/store.ts';
import type { OutputAlert, OutputInspection, OutputRecord } from './output.ts';
import { inspectionTopItems, syslogPrefix, type SyslogHeader } from './rfc5424.ts';

/** CEF severity 0–10. */
export const CEF_SEVERITY: Record<AlertSeverityName, number> = { info: 1, low: 3, medium: 5, high: 8, critical: 10 };

export const CEF_VENDOR = 'Vigil';
export const CEF_PRODUCT = 'Vigil Server';
export const CEF_VERSION = '0.1.0';
export const CEF_INSPECTION_CLASS = 'vigil:inspection';

type Pairs = Array<[string, string | undefined]>;

export function escapeCefHeader(value: string): string {
  return value.replace(/[\\|]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, ' ');
}

export function escapeCefValue(value: string): string {
  return value
    .replace(/[\\=]/g, (c) => `\\${c}`)
    .replace(/\r\n|\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

/** Extension pairs: ArcSight dictionary keys where one fits, labelled custom strings otherwise. */
function alertExtension(alert: OutputAlert): Pairs {
  return [
    ['externalId', alert.id],
    ['rt', String(Date.parse(alert.last_seen))],
    ['start', String(Date.parse(alert.first_seen))],
    ['end', String(Date.parse(alert.last_seen))],
    ['cnt', String(alert.count)],
    ['dvchost', alert.host_id],
    ['msg', alert.output],
    ['cat', alert.techniques.join(',') || undefined],
    ['cs1Label', 'status'],
    ['cs1', alert.status],
    ['cs2Label', 'containerId'],
    ['cs2', alert.container_id ?? undefined],
    ['cs3Label', 'ruleSource'],
    ['cs3', alert.rule_source],
    ['cs4Label', 'tactics'],
    ['cs4', alert.tactics.join(',') || undefined],
  ];
}

/**
 * The three most alarming counts as custom numbers (SIEMs chart and alert on these), every count
 * and the top items as custom strings, the English summary as `msg` and the zh-CN one beside it.
 */
function inspectionExtension(inspection: OutputInspection): Pairs {
  const r = inspection.report;
  const total = Object.values(r.counts).reduce((a, b) => a + b, 0);
  return [
    ['externalId', inspection.id],
    ['rt', String(Date.parse(inspection.time))],
    ['start', String(Date.parse(r.period.since))],
    ['end', String(Date.parse(r.period.until))],
    ['cnt', String(total)],
    ['cat', 'inspection'],
    ['msg', r.summary.en],
    ['cn1Label', 'agentsOffline'],
    ['cn1', String(r.counts.agents_offline)],
    ['cn2Label', 'criticalUnpatched'],
    ['cn2', String(r.counts.critical_unpatched)],
    ['cn3Label', 'newPrivilegedAccounts'],
    ['cn3', String(r.counts.new_privileged_accounts)],
    ['cs1Label', 'group'],
    ['cs1', r.group_name],
    ['cs2Label', 'groupId'],
    ['cs2', inspection.group_id],
    ['cs3Label', 'counts'],
    ['cs3', Object.entries(r.counts).map(([k, n]) => `${k}=${n}`).join(' ')],
    ['cs4Label', 'topItems'],
    ['cs4', inspectionTopItems(inspection).join(' | ') || undefined],
    ['cs5Label', 'summaryZh'],
    ['cs5', r.summary.zh],
  ];
}

export function formatCef(record: OutputRecord): string {
  const [signature, name, severity, pairs] =
    record.type === 'alerts'
      ? [record.alert.rule_id, record.alert.rule_name, record.alert.severity, alertExtension(record.alert)]
      : [CEF_INSPECTION_CLASS, record.inspection.report.title.en, record.inspection.report.severity, inspectionExtension(record.inspection)];
  const header = ['CEF:0', CEF_VENDOR, CEF_PRODUCT, CEF_VERSION, signature, name, String(CEF_SEVERITY[severity])].map((f, i) => (i === 0 ? f : escapeCefHeader(f)));
  // A label without its value would name nothing: drop both.
  const ext = pairs
    .filter(([k, v], i) => v !== undefined && !(k.endsWith('Label') && pairs[i + 1][1] === undefined))
    .map(([k, v]) => `${k}=${escapeCefValue(v!)}`)
    .join(' ');
  return `${header.join('|')}|${ext}`;
}

export function formatCefSyslog(record: OutputRecord, header: SyslogHeader = {}): string {
  return `${syslogPrefix(record, header)} - ${formatCef(record)}`;
}
