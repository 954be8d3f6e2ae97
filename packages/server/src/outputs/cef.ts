/**
 * ArcSight Common Event Format (CEF 0) for alerts, carried as the MSG of an RFC 5424 syslog
 * message as SIEM collectors expect. Escaping follows the CEF spec: in the header `\` and `|`;
 * in extension values `\`, `=` and line breaks (`\n`, `\r`); extension keys are fixed here.
 */
import type { AlertSeverityName } from '../store/store.ts';
import type { OutputAlert } from './output.ts';
import { syslogPrefix, type SyslogHeader } from './rfc5424.ts';

/** CEF severity 0–10. */
export const CEF_SEVERITY: Record<AlertSeverityName, number> = { info: 1, low: 3, medium: 5, high: 8, critical: 10 };

export const CEF_VENDOR = 'Vigil';
export const CEF_PRODUCT = 'Vigil Server';
export const CEF_VERSION = '0.1.0';

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
function extension(alert: OutputAlert): Array<[string, string | undefined]> {
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

export function formatCef(alert: OutputAlert): string {
  const header = [
    'CEF:0',
    CEF_VENDOR,
    CEF_PRODUCT,
    CEF_VERSION,
    alert.rule_id,
    alert.rule_name,
    String(CEF_SEVERITY[alert.severity]),
  ].map((f, i) => (i === 0 ? f : escapeCefHeader(f)));
  const pairs = extension(alert);
  // A label without its value would name nothing: drop both.
  const ext = pairs
    .filter(([k, v], i) => v !== undefined && !(k.endsWith('Label') && pairs[i + 1][1] === undefined))
    .map(([k, v]) => `${k}=${escapeCefValue(v!)}`)
    .join(' ');
  return `${header.join('|')}|${ext}`;
}

export function formatCefSyslog(alert: OutputAlert, header: SyslogHeader = {}): string {
  return `${syslogPrefix(alert, header, 'alert')} - ${formatCef(alert)}`;
}
