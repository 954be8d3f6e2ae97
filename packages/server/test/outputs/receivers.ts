/** Real receivers for output tests, all on 127.0.0.1 port 0, and parsers of what they get. */
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { SIGNATURE_HEADER } from '../../src/outputs/webhook.ts';

type Cleanup = { after(fn: () => unknown): void };

/** RFC 5424 ABNF, enough to split a message into its parts. */
export const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]"\\]|"(?:\\.|[^"\\])*")*\])+) ?([\s\S]*)$/;

/** SD-PARAMs of one SD-ELEMENT, undoing the `\"`, `\\`, `\]` escapes. */
export function sdParams(sd: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const m of sd.matchAll(/ ([^= \]"]+)="((?:\\.|[^"\\])*)"/g)) params[m[1]] = m[2].replace(/\\(.)/g, '$1');
  return params;
}

/** CEF extension pairs, undoing the `\=`, `\\`, `\n`, `\r` escapes: a value runs to the next unescaped ` key=`. */
export function cefExtension(ext: string): Record<string, string> {
  const out: Record<string, string> = {};
  const keys = [...ext.matchAll(/(?:^| )([A-Za-z0-9]+)=/g)];
  keys.forEach((k, i) => {
    const start = k.index + k[0].length;
    const end = i + 1 < keys.length ? keys[i + 1].index : ext.length;
    out[k[1]] = ext.slice(start, end).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
  });
  return out;
}

/** The 7 CEF header fields (split on unescaped pipes, unescaped) and the raw extension. */
export function cefParts(cef: string): { header: string[]; ext: string } {
  const fields = cef.split(/(?<!\\)\|/);
  return { header: fields.slice(0, 7).map((f) => f.replace(/\\([\\|])/g, '$1')), ext: fields.slice(7).join('|') };
}

/** Splits an octet-counted stream (`LEN SP MSG`…) into messages; leftover bytes stay buffered. */
export function octetCountedReader(onMessage: (m: string) => void): (chunk: Buffer) => void {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const sp = buf.indexOf(0x20);
      if (sp < 0) return;
      const len = Number(buf.subarray(0, sp).toString('ascii'));
      assert.ok(Number.isInteger(len) && len > 0, `bad frame length ${buf.subarray(0, sp).toString()}`);
      if (buf.length < sp + 1 + len) return;
      onMessage(buf.subarray(sp + 1, sp + 1 + len).toString('utf8'));
      buf = buf.subarray(sp + 1 + len);
    }
  };
}

export function waitFor<T>(items: T[], n: number): Promise<T[]> {
  return new Promise((resolve) => {
    const check = () => (items.length >= n ? resolve(items) : setImmediate(check));
    check();
  });
}

export async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

export function streamReceiver(server: Server, event: 'connection' | 'secureConnection', sockets: Set<Socket>, messages: string[]): void {
  server.on(event, (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('data', octetCountedReader((m) => messages.push(m)));
  });
}

/** A UDP syslog listener collecting one message per datagram. */
export async function udpReceiver(t: Cleanup): Promise<{ port: number; messages: string[] }> {
  const rx = createSocket('udp4');
  const messages: string[] = [];
  rx.on('message', (m) => messages.push(m.toString('utf8')));
  await new Promise<void>((r) => rx.bind(0, '127.0.0.1', r));
  t.after(() => rx.close());
  return { port: rx.address().port, messages };
}

/** A TCP syslog listener collecting octet-counted messages. */
export async function tcpReceiver(t: Cleanup): Promise<{ port: number; messages: string[]; sockets: Set<Socket>; server: Server }> {
  const messages: string[] = [];
  const sockets = new Set<Socket>();
  const server = createTcpServer();
  streamReceiver(server, 'connection', sockets, messages);
  const port = await listen(server);
  t.after(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return { port, messages, sockets, server };
}

export interface Received {
  body: string;
  headers: IncomingMessage['headers'];
}

/** An HTTP receiver that answers each request with the status `respond` picks for it (`hang`: never). */
export async function webhookReceiver(t: Cleanup, respond: (r: Received) => number | 'hang' = () => 200) {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      const step = respond(received[received.length - 1]);
      if (step === 'hang') return;
      res.writeHead(step, step === 429 ? { 'retry-after': '0' } : {}).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

export function signatureValid(secret: string, r: Received): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`);
  const got = Buffer.from(String(r.headers[SIGNATURE_HEADER] ?? ''));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

