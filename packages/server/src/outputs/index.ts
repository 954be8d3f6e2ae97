export { RECORD_TYPES, alertRecord, inspectionRecord, recordDocument, recordId, recordKind, type Output, type OutputAlert, type OutputInspection, type OutputRecord, type RecordType } from './output.ts';
export { WebhookOutput, WebhookDeliveryError, signBody, SIGNATURE_HEADER, DELIVERY_HEADER, RECORD_HEADER, type WebhookOptions } from './webhook.ts';
export { SyslogOutput, SYSLOG_FORMATS, type SyslogFormat, type SyslogOptions } from './syslog.ts';
export { SyslogTransport, octetFrame, SYSLOG_PROTOCOLS, type SyslogProtocol, type SyslogTarget } from './syslog-transport.ts';
export { formatRfc5424 } from './rfc5424.ts';
export { formatCef, formatCefSyslog, CEF_INSPECTION_CLASS } from './cef.ts';
export { JsonlFileOutput, FSYNC_POLICIES, type FsyncPolicy, type JsonlFileOptions } from './jsonl-file.ts';
export { OutputDispatcher, type OutputStats, type OutputRoute, type DispatcherOptions } from './dispatcher.ts';
export { createOutput, outputRecords, parseOutputSpec, OUTPUT_KINDS, WEBHOOK_SECRET_ENV, type OutputKind } from './registry.ts';
