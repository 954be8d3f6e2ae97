import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { corpus } from '../../schema/test-support/corpora.ts';
import { runVigil, type CliResult } from '../test-support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-detect-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const rules = corpus('falco/rules');
const vigil = (args: string[]) => runVigil(['detect', ...args], { VIGIL_FROM_SOURCE: '1' });

const debugfs = {
  time: '2026-01-01T00:00:00Z',
  event: { kind: 'process.exec' },
  host: { id: 'h1', name: 'web1' },
  container: { id: 'abcdef0123456789', image: { name: 'nginx', tag: '1.25' }, privileged: true },
  process: { pid: 20, name: 'debugfs', executable: '/usr/sbin/debugfs', args: ['debugfs', '/dev/sda1'], user: { name: 'root', id: '0' }, parent: { pid: 1, name: 'bash' } },
};
const ls = { time: '2026-01-01T00:00:01Z', event: { kind: 'process.exec' }, host: { id: 'h1' }, process: { pid: 21, name: 'ls', args: ['ls'] } };

function events(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function lastLineError(r: CliResult, pattern: RegExp): void {
  assert.notEqual(r.status, 0);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.match(r.stderr.trimEnd().split('\n').at(-1)!, pattern);
}

test('json: one alert per line with rule, severity, techniques, output and the event with host and container ids', () => {
  const file = events('ok.jsonl', [JSON.stringify(debugfs), '', JSON.stringify(ls)]);
  const r = vigil(['--rules', rules, '--events', file, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const alerts = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(alerts.length, 1);
  const [a] = alerts;
  assert.equal(a.rule.id, 'falco:debugfs-launched-in-privileged-container');
  assert.equal(a.rule.name, 'Debugfs Launched in Privileged Container');
  assert.equal(a.severity, 'medium');
  assert.deepEqual(a.techniques, ['T1611']);
  assert.match(a.output, /process=debugfs .*command=debugfs \/dev\/sda1/);
  assert.equal(a.host.id, 'h1');
  assert.equal(a.container.id, 'abcdef0123456789');
  assert.equal(a.event.process.pid, 20);
  assert.match(r.stderr, /rules skipped \(--verbose lists them\)/);
});

test('table: alerts and a summary line; --verbose names each skipped rule', () => {
  const file = events('table.jsonl', [JSON.stringify(debugfs), JSON.stringify(ls)]);
  const r = vigil(['--rules', rules, '--events', file, '--verbose']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Debugfs Launched in/);
  assert.match(r.stdout, /2 events, 1 alerts/);
  assert.match(r.stderr, /^ {2}\S.*: (field .* unsupported|matches no event)/m);
});

test('a bad event line is a one-line error naming file:line', () => {
  const bad = events('bad.jsonl', [JSON.stringify(ls), '{"time":"yesterday"}']);
  lastLineError(vigil(['--rules', rules, '--events', bad]), /^vigil: .*bad\.jsonl:2: invalid event: time/);
  const notJson = events('notjson.jsonl', [JSON.stringify(ls), JSON.stringify(ls), '{oops']);
  lastLineError(vigil(['--rules', rules, '--events', notJson]), /^vigil: .*notjson\.jsonl:3: invalid JSON/);
});

test('missing flags, files and non-rule files are one-line user errors', () => {
  const file = events('x.jsonl', [JSON.stringify(ls)]);
  lastLineError(vigil(['--rules', rules]), /^vigil: --events FILE\.jsonl is required/);
  lastLineError(vigil(['--rules', rules, '--events', join(dir, 'none.jsonl')]), /none\.jsonl: cannot read events: ENOENT/);
  lastLineError(vigil(['--rules', join(dir, 'nope.yaml'), '--events', file]), /nope\.yaml: cannot read rules: ENOENT/);
  const notRules = join(dir, 'other.yaml');
  writeFileSync(notRules, 'a: 1\n');
  lastLineError(vigil(['--rules', notRules, '--events', file]), /other\.yaml: not a rules file/);
});

test('without --rules the built-in pack loads from the repository, whatever the working directory; stateful alerts carry all their events', () => {
  const failure = (sec: number) => ({ time: `2026-01-01T00:00:0${sec}Z`, event: { kind: 'auth.login', outcome: 'failure', action: 'sshd' }, host: { id: 'h9' }, source: { ip: '203.0.113.7' }, user: { name: 'root' } });
  const lines = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((s) => JSON.stringify(failure(s)));
  const file = events('logins.jsonl', [...lines, JSON.stringify({ ...failure(9), event: { kind: 'auth.login', outcome: 'success', action: 'sshd' } })]);
  const r = runVigil(['detect', '--events', file, '--format', 'json'], { VIGIL_FROM_SOURCE: '1' }, dir);
  assert.equal(r.status, 0, r.stderr);
  const alerts = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const stateful = alerts.filter((a) => a.events.length > 1);
  assert.ok(stateful.length > 0, r.stdout);
  for (const a of stateful) {
    assert.equal(a.rule.source, 'vigil');
    assert.ok(a.events.every((e: { host: { id: string } }) => e.host.id === 'h9'));
  }
});

test('--verbose names stateful rules that evicted keys at their max_keys bound', () => {
  const rule = join(dir, 'fanout.yaml');
  writeFileSync(rule, `- rule: vigil.test.fanout
  type: threshold
  kinds: [network.connect]
  condition: destination.port = 22
  key: [process.entity_id]
  count: 5
  within: 1m
  max_keys: 1
  title: {en: fan-out, zh: 扇出}
  description: {en: d, zh: 描述}
  severity: low
`);
  const conn = (entity: string) => JSON.stringify({ time: '2026-01-01T00:00:00Z', event: { kind: 'network.connect' }, host: { id: 'h1' }, process: { pid: 1, entity_id: entity }, destination: { ip: '10.0.0.1', port: 22 } });
  const file = events('fanout.jsonl', [conn('a'), conn('b'), conn('c')]);
  const r = vigil(['--rules', rule, '--events', file, '--verbose']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /evicted keys at their max_keys bound:\n {2}vigil\.test\.fanout: 2 evicted\n/);
});
