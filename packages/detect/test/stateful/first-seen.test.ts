import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { Engine } from '../../src/engine.ts';
import { loadVigilRules } from '../../src/vigil/loader.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

function build(extra = '') {
  const text = `
- rule: test.auth.new-source
  title: {en: "New source", zh: "新来源"}
  description: {en: "New source", zh: "新来源"}
  severity: medium
  type: first_seen
  kinds: [auth.login]
  condition: event.outcome = success
  key: [user.name]
  fields: [source.ip]
  learn: 7d
${extra}`;
  const loaded = loadVigilRules([{ path: 'r.yaml', text }]);
  assert.deepEqual(loaded.errors, []);
  return Engine.build(loaded.rules).engine;
}
const login = (ms: number, ip: string, user = 'alice', host = 'h1', outcome: 'success' | 'failure' = 'success'): VigilEvent => ({
  time: new Date(T0 + ms).toISOString(), event: { kind: 'auth.login', outcome }, host: { id: host }, source: { ip }, user: { name: user },
});
const alerts = (engine: Engine, events: VigilEvent[]) => events.flatMap((e) => engine.process(e)).length;

test('first_seen: a new source during learning is remembered, after it raises once', () => {
  const engine = build();
  assert.equal(alerts(engine, [login(0, '198.51.100.1'), login(DAY, '198.51.100.2')]), 0);
  assert.equal(alerts(engine, [login(8 * DAY, '198.51.100.1'), login(8 * DAY, '198.51.100.2')]), 0);
  const fresh = engine.process(login(8 * DAY, '203.0.113.9'));
  assert.equal(fresh.length, 1);
  assert.equal(fresh[0].event.source?.ip, '203.0.113.9');
  assert.equal(alerts(engine, [login(9 * DAY, '203.0.113.9')]), 0);
});

test('first_seen: learning runs per key and per host; conditions filter what is learnt', () => {
  const engine = build();
  alerts(engine, [login(0, '198.51.100.1'), login(0, '198.51.100.1', 'alice', 'h1', 'failure')]);
  assert.equal(alerts(engine, [login(8 * DAY, '198.51.100.1', 'bob'), login(8 * DAY, '198.51.100.1', 'alice', 'h2')]), 0, 'bob and h2 start learning');
  assert.equal(alerts(engine, [login(8 * DAY, '198.51.100.9', 'alice', 'h1', 'failure')]), 0);
  assert.equal(alerts(engine, [login(8 * DAY, '198.51.100.9')]), 1);
});

test('first_seen: a combination not seen for forget is new again; a key with none left learns again', () => {
  const engine = build('  forget: 10d');
  alerts(engine, [login(0, '198.51.100.1'), login(8 * DAY, '198.51.100.2')]);
  assert.equal(alerts(engine, [login(12 * DAY, '198.51.100.2')]), 0, 'seen 4 days ago');
  assert.equal(alerts(engine, [login(12 * DAY, '198.51.100.1')]), 1, 'forgotten after 10 days');
  assert.equal(alerts(engine, [login(40 * DAY, '203.0.113.1', 'bob')]), 0);
  assert.equal(engine.stats()[0].keys, 1, 'alice forgotten entirely');
  assert.equal(alerts(engine, [login(40 * DAY, '203.0.113.1')]), 0, 'alice learns again');
});

test('first_seen: combinations per key and keys are bounded, evictions counted', () => {
  const engine = build('  max_values: 2\n  max_keys: 2');
  alerts(engine, [login(0, '198.51.100.1'), login(1, '198.51.100.2'), login(2, '198.51.100.3')]);
  assert.equal(alerts(engine, [login(8 * DAY, '198.51.100.1')]), 1, 'evicted as least recently seen');
  alerts(engine, [login(8 * DAY, '198.51.100.1', 'bob'), login(8 * DAY, '198.51.100.1', 'carol')]);
  assert.deepEqual(engine.stats().map((s) => ({ keys: s.keys, evicted: s.evicted })), [{ keys: 2, evicted: 3 }]);
});

test('first_seen: event.hour is read in the rule\'s time zone', () => {
  const text = (zone: string) => `
- rule: test.auth.new-hour
  title: {en: "New hour", zh: "新时段"}
  description: {en: "New hour", zh: "新时段"}
  severity: low
  type: first_seen
  kinds: [auth.login]
  condition: event.outcome = success
  key: [user.name]
  fields: [event.hour]
  learn: 1d
  timezone: ${zone}`;
  const engine = Engine.build(loadVigilRules([{ path: 'r.yaml', text: text('Asia/Shanghai') }]).rules).engine;
  // 01:00 UTC is 09:00 in Shanghai; 2 days later 01:59 UTC is still 09:xx, 02:00 UTC is 10:00.
  alerts(engine, [login(3_600_000, '198.51.100.1')]);
  assert.equal(alerts(engine, [login(2 * DAY + 3_599_000 + 3_600_000, '198.51.100.1')]), 0);
  assert.equal(alerts(engine, [login(2 * DAY + 7_200_000, '198.51.100.1')]), 1);
  const bad = loadVigilRules([{ path: 'r.yaml', text: text('Mars/Olympus') }]);
  assert.match(bad.errors.join('\n'), /timezone Mars\/Olympus is not an IANA time zone/);
});

test('first_seen: learn is required, event.hour only in fields, unknown fields refused', () => {
  const load = (body: string) => loadVigilRules([{ path: 'r.yaml', text: `
- rule: test.auth.bad
  title: {en: "x", zh: "x"}
  description: {en: "x", zh: "x"}
  severity: low
  type: first_seen
  kinds: [auth.login]
${body}` }]).errors.join('\n');
  assert.match(load('  condition: event.outcome = success\n  fields: [source.ip]'), /learn must be a duration/);
  assert.match(load('  condition: event.outcome = success\n  fields: [source.nope]\n  learn: 1d'), /fields: .*source\.nope/);
  assert.match(load('  condition: event.hour = 3\n  fields: [source.ip]\n  learn: 1d'), /event\.hour/);
  assert.match(load('  condition: event.outcome = success\n  learn: 1d'), /fields must list/);
});
