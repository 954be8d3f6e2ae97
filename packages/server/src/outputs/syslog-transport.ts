/**
 * Syslog transports: UDP (RFC 5426, one message per datagram), TCP with octet-counting framing
 * (RFC 6587 §3.4.1: `<length> SP <message>`, so a message may contain line breaks) and TLS
 * (RFC 5425, the same framing). A stream connection is opened on first use and reopened after it
 * breaks; a write that fails on a broken connection is retried once on a fresh one.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';

export const SYSLOG_PROTOCOLS = ['udp', 'tcp', 'tls'] as const;
export type SyslogProtocol = (typeof SYSLOG_PROTOCOLS)[number];

export interface SyslogTarget {
  protocol: SyslogProtocol;
  host: string;
  port: number;
  /** TLS only: trust anchors and server name; the default CA store and `host` otherwise. */
  tls?: Pick<ConnectionOptions, 'ca' | 'cert' | 'key' | 'servername' | 'rejectUnauthorized'>;
  /** Connect timeout for TCP and TLS (default 10 s). */
  connectTimeoutMs?: number;
}

/** RFC 6587 octet counting: the byte length of the message, a space, the message. */
export function octetFrame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}

export class SyslogTransport {
  private udp?: UdpSocket;
  private stream?: Promise<Socket>;

  constructor(readonly target: SyslogTarget) {}

  async send(message: string): Promise<void> {
    if (this.target.protocol === 'udp') return this.sendDatagram(Buffer.from(message, 'utf8'));
    const frame = octetFrame(message);
    try {
      await write(await this.connection(), frame);
    } catch {
      this.dropConnection();
      await write(await this.connection(), frame);
    }
  }

  private sendDatagram(datagram: Buffer): Promise<void> {
    this.udp ??= createSocket(this.target.host.includes(':') ? 'udp6' : 'udp4');
    const udp = this.udp;
    return new Promise((resolve, reject) => udp.send(datagram, this.target.port, this.target.host, (err) => (err ? reject(err) : resolve())));
  }

  private connection(): Promise<Socket> {
    this.stream ??= this.open().catch((err) => {
      this.stream = undefined;
      throw err;
    });
    return this.stream;
  }

  private open(): Promise<Socket> {
    const { host, port, protocol } = this.target;
    return new Promise((resolve, reject) => {
      const socket =
        protocol === 'tls'
          ? tlsConnect({ host, port, servername: host, ...this.target.tls })
          : netConnect({ host, port });
      const ready = protocol === 'tls' ? 'secureConnect' : 'connect';
      socket.setTimeout(this.target.connectTimeoutMs ?? 10_000, () => socket.destroy(new Error(`syslog ${protocol}://${host}:${port}: connect timeout`)));
      socket.once(ready, () => {
        socket.setTimeout(0);
        resolve(socket);
      });
      socket.once('error', reject);
      // A connection that later breaks is forgotten, so the next send reconnects.
      socket.on('close', () => this.forget(socket));
      socket.on('error', () => this.forget(socket));
      // Receivers never talk back; keep the socket from buffering anything they might send.
      socket.resume();
    });
  }

  private forget(socket: Socket): void {
    void this.stream?.then((s) => {
      if (s === socket) this.stream = undefined;
    }, () => undefined);
  }

  private dropConnection(): void {
    const current = this.stream;
    this.stream = undefined;
    void current?.then((s) => s.destroy(), () => undefined);
  }

  async close(): Promise<void> {
    this.udp?.close();
    this.udp = undefined;
    const current = this.stream;
    this.stream = undefined;
    const socket = await current?.catch(() => undefined);
    if (socket && !socket.destroyed) await new Promise<void>((resolve) => socket.end(resolve));
  }
}

function write(socket: Socket, data: Buffer): Promise<void> {
  if (socket.destroyed || !socket.writable) return Promise.reject(new Error('syslog connection closed'));
  return new Promise((resolve, reject) => socket.write(data, (err) => (err ? reject(err) : resolve())));
}
