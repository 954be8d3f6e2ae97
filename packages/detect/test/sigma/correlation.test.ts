import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { Engine } from '../../src/engine.ts';
import { loadSigmaRules } from '../../src/sigma/loader.ts';

const base = (name: string, image: string) => `title: ${name}
name: ${name}
id: 00000000-0000-0000-0000-00000000000${name.length}
logsource: {product: linux, category: process_creation}
detection: {sel: {Image|endswith: ${image}}, condition: sel}
`;
const correlation = (body: string) => `title: correlated
id: c0000000-0000-0000-0000-000000000000
level: high
tags: [attack.t1059.004]
correlation:
${body}`;
const load = (...docs: string[]) => loadSigmaRules([{ path: 'c.yml', text: docs.join('---\n') }]);

const T0 = Date.UTC(2026, 0, 1);
const exec = (sec: number, image: string, user = 'root', host = 'h1'): VigilEvent => ({
  time: new Date(T0 + sec * 1000).toISOString(), event: { kind: 'process.exec' }, host: { id: host }, process: { pid: 10 + sec, executable: image, args: [image], user: { name: user } },
});
const run = (text: ReturnType<typeof load>, events: VigilEvent[]) => {
  const { engine, skipped } = Engine.build(text.rules);
  assert.deepEqual(skipped, []);
  return [...events.flatMap((e) => engine.process(e)), ...engine.flush()];
};

test('event_count: group-by and timespan per host; referenced rules stop alerting unless generate is true', () => {
  const rules = load(base('whoami', '/whoami'), correlation('  type: event_count\n  rules: [whoami]\n  group-by: [User]\n  timespan: 1m\n  condition: {gte: 3}\n'));
  assert.deepEqual(rules.skipped, []);
  const alerts = run(rules, [exec(0, '/usr/bin/whoami'), exec(1, '/usr/bin/whoami', 'bob'), exec(2, '/usr/bin/whoami'), exec(3, '/usr/bin/whoami', 'root', 'h2'), exec(4, '/usr/bin/whoami')]);
  assert.deepEqual(alerts.map((a) => [a.rule.name, a.severity, a.techniques, a.events.length]), [['correlated', 'high', ['T1059.004'], 3]]);
  const generating = load(base('whoami', '/whoami'), correlation('  type: event_count\n  rules: [whoami]\n  timespan: 1m\n  generate: true\n  condition: {gte: 2}\n'));
  assert.deepEqual(run(generating, [exec(0, '/usr/bin/whoami'), exec(1, '/usr/bin/whoami')]).map((a) => a.rule.name), ['whoami', 'whoami', 'correlated']);
});

test('event_count with an upper bound, value_count on a field', () => {
  const few = load(base('id', '/id'), correlation('  type: event_count\n  rules: [id]\n  timespan: 1m\n  condition: {lt: 3}\n'));
  assert.equal(run(few, [exec(0, '/usr/bin/id'), exec(1, '/usr/bin/id')]).length, 1);
  assert.equal(run(few, [exec(0, '/usr/bin/id'), exec(1, '/usr/bin/id'), exec(2, '/usr/bin/id')]).length, 0);
  const users = load(base('id', '/id'), correlation('  type: value_count\n  rules: [id]\n  timespan: 1m\n  condition: {field: User, gte: 2}\n'));
  assert.equal(run(users, [exec(0, '/usr/bin/id'), exec(1, '/usr/bin/id')]).length, 0);
  assert.equal(run(users, [exec(0, '/usr/bin/id'), exec(1, '/usr/bin/id', 'bob')]).length, 1);
});

test('temporal in any order and temporal_ordered in order, within the timespan', () => {
  const docs = (type: string) => load(base('id', '/id'), base('curl', '/curl'), correlation(`  type: ${type}\n  rules: [id, curl]\n  group-by: [User]\n  timespan: 1m\n`));
  const forwards = [exec(0, '/usr/bin/id'), exec(5, '/usr/bin/curl')];
  const backwards = [exec(0, '/usr/bin/curl'), exec(5, '/usr/bin/id')];
  assert.equal(run(docs('temporal'), backwards).length, 1);
  assert.equal(run(docs('temporal_ordered'), forwards).length, 1);
  assert.equal(run(docs('temporal_ordered'), backwards).length, 0);
  assert.equal(run(docs('temporal'), [exec(0, '/usr/bin/id'), exec(90, '/usr/bin/curl')]).length, 0);
  assert.equal(run(docs('temporal'), [exec(0, '/usr/bin/id'), exec(5, '/usr/bin/curl', 'bob')]).length, 0, 'grouped by user');
});

test('aliases name the group-by field per referenced rule', () => {
  const rules = load(base('id', '/id'), correlation('  type: temporal\n  rules: [id]\n  aliases: {who: {id: User}}\n  group-by: [who]\n  timespan: 1m\n'));
  assert.deepEqual(rules.rules.find((r) => r.correlation)?.correlation?.steps[0].key, [{ name: 'User' }]);
});

test('correlations that cannot run are skipped with their reason', () => {
  const reasons = (body: string, ...more: string[]) => load(...more, correlation(body)).skipped.map((s) => s.reason);
  assert.deepEqual(reasons('  type: event_count\n  rules: [nope]\n  timespan: 1m\n  condition: {gte: 2}\n'), ['referenced rule nope: no rule with this name or id was loaded']);
  assert.deepEqual(reasons('  type: event_count\n  rules: [id]\n  timespan: soon\n  condition: {gte: 2}\n', base('id', '/id')), ['timespan "soon" is not a duration (5m, 1h, 1d)']);
  assert.deepEqual(reasons('  type: value_count\n  rules: [id]\n  timespan: 1m\n  condition: {gte: 2}\n', base('id', '/id')), ['value_count needs condition.field']);
  assert.deepEqual(reasons('  type: sliding\n  rules: [id]\n  timespan: 1m\n', base('id', '/id')), ['correlation type sliding is not one of event_count, value_count, temporal, temporal_ordered']);
});
