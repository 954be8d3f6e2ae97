/** Syslog output: alerts as RFC 5424 or CEF messages over a UDP, TCP or TLS transport. */
import { hostname } from 'node:os';
import { formatCefSyslog } from './cef.ts';
import type { Output, OutputAlert } from './output.ts';
import { formatRfc5424, type SyslogHeader } from './rfc5424.ts';
import { SyslogTransport, type SyslogTarget } from './syslog-transport.ts';

export const SYSLOG_FORMATS = ['rfc5424', 'cef'] as const;
export type SyslogFormat = (typeof SYSLOG_FORMATS)[number];

const FORMATTERS: Record<SyslogFormat, (alert: OutputAlert, header: SyslogHeader) => string> = {
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

  send(alert: OutputAlert): Promise<void> {
    return this.transport.send(FORMATTERS[this.opts.format](alert, this.header));
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
