import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { UnsupportedFieldError } from '../../src/fields.ts';
import { exactSpelling, KEYWORD_FIELD, sigmaResolver } from '../../src/sigma/fields.ts';

const ev: VigilEvent = {
  time: '2026-01-01T00:00:00Z',
  event: { kind: 'process.exec' },
  host: { id: 'h' },
  process: {
    pid: 7, executable: '/usr/bin/curl', args: ['curl', '-s', 'http://x'], working_directory: '/tmp',
    user: { id: '33', name: 'www-data', effective: { id: '0' } },
    parent: { pid: 6, executable: '/bin/sh', command_line: 'sh -c curl' },
  },
};
const get = (table: 'sysmon' | 'auditd' | 'none', name: string, arg?: string, e: VigilEvent = ev) => sigmaResolver(table)({ name, arg }).get(e, 1);

test('Sysmon for Linux fields read the process, its parent and the user', () => {
  assert.equal(get('sysmon', 'Image'), '/usr/bin/curl');
  assert.equal(get('sysmon', 'CommandLine'), 'curl -s http://x');
  assert.equal(get('sysmon', 'ParentImage'), '/bin/sh');
  assert.equal(get('sysmon', 'ParentCommandLine'), 'sh -c curl');
  assert.equal(get('sysmon', 'User'), 'www-data');
  assert.equal(get('sysmon', 'CurrentDirectory'), '/tmp');
  assert.equal(get('sysmon', 'TargetFilename'), undefined);
});

test('network fields read the destination; Initiated tells connect from accept', () => {
  const conn: VigilEvent = { ...ev, event: { kind: 'network.connect' }, destination: { ip: '10.1.1.1', port: 443, domain: 'x.ngrok.io' } };
  assert.equal(get('sysmon', 'DestinationIp', undefined, conn), '10.1.1.1');
  assert.equal(sigmaResolver('sysmon')({ name: 'DestinationIp', arg: 'cidr' }).type, 'ip');
  assert.equal(get('sysmon', 'DestinationPort', undefined, conn), 443);
  assert.equal(get('sysmon', 'DestinationHostname', undefined, conn), 'x.ngrok.io');
  assert.equal(get('sysmon', 'Initiated', undefined, conn), true);
  assert.equal(get('sysmon', 'Initiated', undefined, { ...conn, event: { kind: 'network.accept' } }), false);
});

test('auditd: EXECVE aN is argv, exe/comm/euid read the process, type lists the records of the event', () => {
  assert.equal(get('auditd', 'a0', 'argv'), 'curl');
  assert.equal(get('auditd', 'a2', 'argv'), 'http://x');
  assert.equal(get('auditd', 'exe'), '/usr/bin/curl');
  assert.equal(get('auditd', 'comm'), 'curl');
  assert.equal(get('auditd', 'euid'), 0);
  assert.equal(get('auditd', 'uid'), 33);
  assert.equal(get('auditd', 'SYSCALL'), 'execve');
  assert.deepEqual(get('auditd', 'type'), ['SYSCALL', 'EXECVE', 'PATH', 'CWD']);
  assert.equal(get('auditd', 'name'), '/usr/bin/curl');
  assert.equal(exactSpelling('auditd', 'type')?.('execve'), 'EXECVE');
});

test('fields Vigil cannot supply are unsupported, never approximated', () => {
  for (const [table, name, arg] of [['sysmon', 'LogonId'], ['sysmon', 'OriginalFileName'], ['auditd', 'key'], ['auditd', 'a0'], ['sysmon', 'Image', 'cidr'], ['none', 'Image']] as const) {
    assert.throws(() => sigmaResolver(table)({ name, arg }), UnsupportedFieldError, `${table} ${name}`);
  }
});

test('keywords search the event\'s own text', () => {
  const vals = get('none', KEYWORD_FIELD) as string[];
  assert.ok(vals.includes('curl -s http://x') && vals.includes('/usr/bin/curl'));
  assert.ok(!vals.includes('sh -c curl'));
});
