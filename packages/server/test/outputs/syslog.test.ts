import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createServer as createTlsServer } from 'node:tls';
import { CEF_SEVERITY, formatCef, formatCefSyslog } from '../../src/outputs/cef.ts';
import { formatRfc5424, SD_ID } from '../../src/outputs/rfc5424.ts';
import { SyslogOutput } from '../../src/outputs/syslog.ts';
import { sampleAlert } from './alert-fixture.ts';

/** RFC 5424 ABNF, enough to split a message into its parts. */
const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]"\\]|"(?:\\.|[^"\\])*")*\])+) ?([\s\S]*)$/;

/** SD-PARAMs of one SD-ELEMENT, undoing the `\"`, `\\`, `\]` escapes. */
function sdParams(sd: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const m of sd.matchAll(/ ([^= \]"]+)="((?:\\.|[^"\\])*)"/g)) params[m[1]] = m[2].replace(/\\(.)/g, '$1');
  return params;
}

/** CEF extension pairs, undoing the `\=`, `\\`, `\n`, `\r` escapes: a value runs to the next unescaped ` key=`. */
function cefExtension(ext: string): Record<string, string> {
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
function cefParts(cef: string): { header: string[]; ext: string } {
  const fields = cef.split(/(?<!\\)\|/);
  return { header: fields.slice(0, 7).map((f) => f.replace(/\\([\\|])/g, '$1')), ext: fields.slice(7).join('|') };
}

test('RFC 5424: PRI from facility and severity, 6-digit timestamp, escaped structured data, BOM before MSG', () => {
  const msg = formatRfc5424(sampleAlert(), { hostname: 'vigil-srv', procId: '42' });
  const m = RFC5424.exec(msg);
  assert.ok(m, msg);
  assert.equal(Number(m[1]), 10 * 8 + 3, 'authpriv.err for a high alert');
  assert.equal(m[2], '2026-12-04T02:05:00.987654Z');
  assert.deepEqual([m[3], m[4], m[5], m[6]], ['vigil-srv', 'vigil', '42', 'alert']);
  assert.ok(m[7].startsWith(`[${SD_ID} `));
  const p = sdParams(m[7]);
  assert.equal(p.ruleName, 'Terminal shell | in "container"');
  assert.equal(p.techniques, 'T1059,T1059.004');
  assert.equal(p.count, '3');
  assert.equal(p.container, 'c0ffee');
  assert.ok(m[7].includes('ruleName="Terminal shell | in \\"container\\""'));
  assert.equal(m[8], `\uFEFF${sampleAlert().output}`);
});

test('RFC 5424: header fields lose spaces and non-ASCII; absent ones are NILVALUE', () => {
  const msg = formatRfc5424(sampleAlert({ severity: 'critical', container_id: null }), { hostname: 'my host é', appName: '', facility: 4 });
  const m = RFC5424.exec(msg)!;
  assert.equal(Number(m[1]), 4 * 8 + 2);
  assert.equal(m[3], 'myhost');
  assert.equal(m[4], '-');
  assert.equal(sdParams(m[7]).container, undefined);
});

test('CEF: header pipes and backslashes escaped, extension = and line breaks escaped, severity 0-10', () => {
  const cef = formatCef(sampleAlert({ rule_name: 'a|b\\c' }));
  const { header, ext: rawExt } = cefParts(cef);
  assert.deepEqual(header, ['CEF:0', 'Vigil', 'Vigil Server', '0.1.0', 'falco:terminal-shell-in-container', 'a|b\\c', String(CEF_SEVERITY.high)]);
  const ext = cefExtension(rawExt);
  assert.equal(ext.msg, sampleAlert().output);
  assert.ok(cef.includes('msg=shell spawned a\\=b \\\\ "x"] line1\\nline2'));
  assert.equal(ext.externalId, 'al-1');
  assert.equal(ext.cnt, '3');
  assert.equal(ext.rt, String(Date.parse('2026-12-04T02:05:00.987Z')));
  assert.equal(ext.cs2Label, 'containerId');
  assert.equal(ext.cs2, 'c0ffee');
  assert.ok(!cef.includes('\n'));
});

test('CEF: a label whose value is absent is left out with it', () => {
  const ext = cefExtension(cefParts(formatCef(sampleAlert({ container_id: null }))).ext);
  assert.equal(ext.cs2Label, undefined);
  assert.equal(ext.cs2, undefined);
  assert.equal(ext.cs1Label, 'status');
});

test('CEF over syslog: an RFC 5424 header with no structured data, then the CEF record', () => {
  const m = RFC5424.exec(formatCefSyslog(sampleAlert(), { hostname: 'h' }))!;
  assert.equal(m[7], '-');
  assert.ok(m[8].startsWith('CEF:0|Vigil|'));
});

/** Splits an octet-counted stream (`LEN SP MSG`…) into messages; leftover bytes stay buffered. */
function octetCountedReader(onMessage: (m: string) => void): (chunk: Buffer) => void {
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

function waitFor<T>(items: T[], n: number): Promise<T[]> {
  return new Promise((resolve) => {
    const check = () => (items.length >= n ? resolve(items) : setImmediate(check));
    check();
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

function streamReceiver(server: Server, event: 'connection' | 'secureConnection', sockets: Set<Socket>, messages: string[]): void {
  server.on(event, (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('data', octetCountedReader((m) => messages.push(m)));
  });
}

test('UDP: one RFC 5424 message per datagram', async (t) => {
  const rx = createSocket('udp4');
  const messages: string[] = [];
  rx.on('message', (m) => messages.push(m.toString('utf8')));
  await new Promise<void>((r) => rx.bind(0, '127.0.0.1', r));
  t.after(() => rx.close());
  const out = new SyslogOutput({ format: 'rfc5424', protocol: 'udp', host: '127.0.0.1', port: rx.address().port });
  t.after(() => out.close());
  await out.send(sampleAlert({ id: 'u1' }));
  await out.send(sampleAlert({ id: 'u2', severity: 'low' }));
  await waitFor(messages, 2);
  assert.deepEqual(messages.map((m) => sdParams(RFC5424.exec(m)![7]).id).sort(), ['u1', 'u2']);
});

test('TCP: octet-counted frames keep multi-line messages whole, and a dropped connection is reopened', async (t) => {
  const messages: string[] = [];
  const sockets = new Set<Socket>();
  const server = createTcpServer();
  streamReceiver(server, 'connection', sockets, messages);
  const port = await listen(server);
  t.after(() => server.close());
  const out = new SyslogOutput({ format: 'cef', protocol: 'tcp', host: '127.0.0.1', port });
  t.after(() => out.close());
  await out.send(sampleAlert({ id: 't1' }));
  await out.send(sampleAlert({ id: 't2' }));
  await waitFor(messages, 2);
  assert.deepEqual(messages.map((m) => cefExtension(cefParts(RFC5424.exec(m)![8]).ext).externalId), ['t1', 't2']);
  assert.equal(sockets.size, 1, 'one connection for both');

  // The receiver drops the connection. Writes the client makes before it sees the close may be
  // lost (syslog over TCP has no acknowledgement); once it has seen it, the next send reconnects.
  let connections = 1;
  server.on('connection', () => connections++);
  for (const s of sockets) s.destroy();
  for (let i = 0; i < 100 && !messages.some((m) => m.includes('externalId=again')); i++) {
    await out.send(sampleAlert({ id: 'again' })).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(messages.some((m) => m.includes('externalId=again')), 'delivered after the drop');
  assert.equal(connections, 2, 'over one new connection');
});

test('TLS: frames over a certificate-verified connection (self-signed CA made with openssl)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vsx-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const cert = readFileSync(join(dir, 'cert.pem'));
  const messages: string[] = [];
  const sockets = new Set<Socket>();
  const server = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert });
  streamReceiver(server, 'secureConnection', sockets, messages);
  const port = await listen(server);
  t.after(() => server.close());

  const untrusted = new SyslogOutput({ format: 'rfc5424', protocol: 'tls', host: '127.0.0.1', port });
  await assert.rejects(untrusted.send(sampleAlert()), /self-signed|self signed/);
  await untrusted.close();

  const out = new SyslogOutput({ format: 'rfc5424', protocol: 'tls', host: '127.0.0.1', port, tls: { ca: cert } });
  t.after(() => out.close());
  await out.send(sampleAlert({ id: 's1' }));
  await waitFor(messages, 1);
  const m = RFC5424.exec(messages[0])!;
  assert.equal(sdParams(m[7]).id, 's1');
  assert.equal(m[8], `\uFEFF${sampleAlert().output}`);
});
