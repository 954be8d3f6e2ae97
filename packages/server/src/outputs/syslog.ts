/** Syslog output: alerts and inspection reports as RFC 5424 or CEF messages over a UDP, TCP or TLS transport. */
import { hostname } from 'node:os';
import { formatCefSyslog } from './cef.ts';
import type { Output, OutputRecord } from './output.ts';
import { formatRfc5424, type SyslogHeader } from './rfc5424.ts';
import { SyslogTransport, type SyslogTarget } from './syslog-transport.ts';

export const SYSLOG_FORMATS = ['rfc5424', 'cef'] as const;
export type SyslogFormat = (typeof SYSLOG_FORMATS)[number];

const FORMATTERS: Record<SyslogFormat, (record: OutputRecord, header: SyslogHeader) => string> = {
  rfc5424: formatRfc5424,
  cef: formatCefSyslog,
};

export interface SyslogOptions extends SyslogTarget {
  format: SyslogFormat;
  header?: SyslogHeader;
}

export class SyslogOutput implements Output {
  readonly name: string;
  private readonly transport: SyslogTransport;
  private readonly header: SyslogHeader;

  constructor(private readonly opts: SyslogOptions) {
    this.name = `syslog ${opts.format} ${opts.protocol}://${opts.host}:${opts.port}`;
    this.transport = new SyslogTransport(opts);
    this.header = { hostname: hostname(), ...opts.header };
  }

  send(record: OutputRecord): Promise<void> {
    return this.transport.send(FORMATTERS[this.opts.format](record, this.header));
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
