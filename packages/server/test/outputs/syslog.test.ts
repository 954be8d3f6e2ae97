import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createServer as createTlsServer } from 'node:tls';
import { CEF_INSPECTION_CLASS, CEF_SEVERITY, formatCef, formatCefSyslog } from '../../src/outputs/cef.ts';
import { inspectionRecord } from '../../src/outputs/output.ts';
import { formatRfc5424, SD_ID } from '../../src/outputs/rfc5424.ts';
import { SyslogOutput } from '../../src/outputs/syslog.ts';
import { sampleAlert, sampleAlertRecord, sampleInspection } from './alert-fixture.ts';
import { RFC5424, cefExtension, cefParts, listen, sdParams, streamReceiver, waitFor } from './receivers.ts';

test('RFC 5424: PRI from facility and severity, 6-digit timestamp, escaped structured data, BOM before MSG', () => {
  const msg = formatRfc5424(sampleAlertRecord(), { hostname: 'vigil-srv', procId: '42' });
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
  const msg = formatRfc5424(sampleAlertRecord({ severity: 'critical', container_id: null }), { hostname: 'my host é', appName: '', facility: 4 });
  const m = RFC5424.exec(msg)!;
  assert.equal(Number(m[1]), 4 * 8 + 2);
  assert.equal(m[3], 'myhost');
  assert.equal(m[4], '-');
  assert.equal(sdParams(m[7]).container, undefined);
});

test('CEF: header pipes and backslashes escaped, extension = and line breaks escaped, severity 0-10', () => {
  const cef = formatCef(sampleAlertRecord({ rule_name: 'a|b\\c' }));
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
  const ext = cefExtension(cefParts(formatCef(sampleAlertRecord({ container_id: null }))).ext);
  assert.equal(ext.cs2Label, undefined);
  assert.equal(ext.cs2, undefined);
  assert.equal(ext.cs1Label, 'status');
});

test('CEF over syslog: an RFC 5424 header with no structured data, then the CEF record', () => {
  const m = RFC5424.exec(formatCefSyslog(sampleAlertRecord(), { hostname: 'h' }))!;
  assert.equal(m[7], '-');
  assert.ok(m[8].startsWith('CEF:0|Vigil|'));
});

test('RFC 5424 inspection: MSGID inspection, every count in structured data, title, summaries and top items in MSG', () => {
  const msg = formatRfc5424(inspectionRecord(sampleInspection()), { hostname: 'vigil-srv', procId: '42' });
  const m = RFC5424.exec(msg);
  assert.ok(m, msg);
  assert.equal(Number(m[1]), 10 * 8 + 3, 'a report with critical unpatched vulnerabilities is logged at err');
  assert.deepEqual([m[2], m[6]], ['2026-12-04T02:00:00.000Z', 'inspection']);
  const p = sdParams(m[7]);
  assert.deepEqual(
    [p.id, p.group, p.groupName, p.severity, p.agentsTotal, p.agentsOffline, p.sensorsDegraded, p.criticalUnpatched, p.newListeningPorts, p.newPrivilegedAccounts],
    ['insp-1', 'g-1', 'prod | "web"', 'high', '2', '1', '1', '1', '0', '1'],
  );
  const text = m[8];
  assert.ok(text.startsWith('\uFEFFInspection of prod | "web": 4 sections need attention / prod | "web" 巡检：4 项需关注.'), text);
  assert.ok(text.includes('1 critical vulnerability unpatched for over 30 days'));
  assert.ok(text.includes('1 个严重漏洞超过 30 天未修复'));
  // Most urgent sections first: the unpatched CVE and the new admin before the offline agent.
  assert.ok(text.includes('Top: web-2: CVE-2024-3094 (known exploited) in xz-utils 5.6.0, fixed in 5.6.1; web-2: evil|admin=1 (users); web-1: offline since'), text);
});

test('CEF inspection: its own event class, counts as custom numbers and strings, zh-CN summary beside the English', () => {
  const cef = formatCef(inspectionRecord(sampleInspection()));
  const { header, ext: rawExt } = cefParts(cef);
  assert.deepEqual(header, ['CEF:0', 'Vigil', 'Vigil Server', '0.1.0', CEF_INSPECTION_CLASS, 'Inspection of prod | "web": 4 sections need attention', String(CEF_SEVERITY.high)]);
  const ext = cefExtension(rawExt);
  assert.deepEqual([ext.externalId, ext.cat, ext.cnt, ext.cs1, ext.cs2], ['insp-1', 'inspection', '4', 'prod | "web"', 'g-1']);
  assert.deepEqual([ext.cn1Label, ext.cn1, ext.cn2Label, ext.cn2, ext.cn3Label, ext.cn3], ['agentsOffline', '1', 'criticalUnpatched', '1', 'newPrivilegedAccounts', '1']);
  assert.equal(ext.cs3, 'agents_offline=1 sensors_degraded=1 critical_unpatched=1 new_listening_ports=0 new_privileged_accounts=1');
  assert.ok(ext.cs4.includes('web-2: evil|admin=1 (users)'), 'the account name is escaped, not cut');
  assert.equal(ext.msg, sampleInspection().report.summary.en);
  assert.equal(ext.cs5, sampleInspection().report.summary.zh);
  assert.equal(ext.rt, String(Date.parse('2026-12-04T02:00:00.000Z')));
  const clean = sampleInspection();
  for (const k of ['agents_offline', 'sensors_degraded', 'critical_unpatched', 'new_privileged_accounts'] as const) clean.report[k] = [];
  Object.assign(clean.report, { counts: { agents_offline: 0, sensors_degraded: 0, critical_unpatched: 0, new_listening_ports: 0, new_privileged_accounts: 0 }, severity: 'info' });
  const quiet = cefExtension(cefParts(formatCef(inspectionRecord(clean))).ext);
  assert.equal(quiet.cs4, undefined, 'no top items, no label');
  assert.equal(quiet.cs4Label, undefined);
  assert.equal(cefParts(formatCef(inspectionRecord(clean))).header[6], String(CEF_SEVERITY.info));
});

test('UDP: one RFC 5424 message per datagram', async (t) => {
  const rx = createSocket('udp4');
  const messages: string[] = [];
  rx.on('message', (m) => messages.push(m.toString('utf8')));
  await new Promise<void>((r) => rx.bind(0, '127.0.0.1', r));
  t.after(() => rx.close());
  const out = new SyslogOutput({ format: 'rfc5424', protocol: 'udp', host: '127.0.0.1', port: rx.address().port });
  t.after(() => out.close());
  await out.send(sampleAlertRecord({ id: 'u1' }));
  await out.send(sampleAlertRecord({ id: 'u2', severity: 'low' }));
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
  await out.send(sampleAlertRecord({ id: 't1' }));
  await out.send(sampleAlertRecord({ id: 't2' }));
  await waitFor(messages, 2);
  assert.deepEqual(messages.map((m) => cefExtension(cefParts(RFC5424.exec(m)![8]).ext).externalId), ['t1', 't2']);
  assert.equal(sockets.size, 1, 'one connection for both');

  // The receiver drops the connection. Writes the client makes before it sees the close may be
  // lost (syslog over TCP has no acknowledgement); once it has seen it, the next send reconnects.
  let connections = 1;
  server.on('connection', () => connections++);
  for (const s of sockets) s.destroy();
  for (let i = 0; i < 100 && !messages.some((m) => m.includes('externalId=again')); i++) {
    await out.send(sampleAlertRecord({ id: 'again' })).catch(() => undefined);
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
  await assert.rejects(untrusted.send(sampleAlertRecord()), /self-signed|self signed/);
  await untrusted.close();

  const out = new SyslogOutput({ format: 'rfc5424', protocol: 'tls', host: '127.0.0.1', port, tls: { ca: cert } });
  t.after(() => out.close());
  await out.send(sampleAlertRecord({ id: 's1' }));
  await waitFor(messages, 1);
  const m = RFC5424.exec(messages[0])!;
  assert.equal(sdParams(m[7]).id, 's1');
  assert.equal(m[8], `\uFEFF${sampleAlert().output}`);
});
