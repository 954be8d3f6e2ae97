import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { parseCondition } from '../../src/condition/parser.ts';
import { Engine } from '../../src/engine.ts';
import type { Rule } from '../../src/rule.ts';
import type { Correlation, CorrelationStep } from '../../src/stateful/correlation.ts';
import { resolveVigilField } from '../../src/vigil/fields.ts';

const T0 = Date.UTC(2026, 0, 1);
const at = (sec: number) => new Date(T0 + sec * 1000).toISOString();

function step(id: string, condition: string, extra: Partial<CorrelationStep> = {}): CorrelationStep {
  return { id, condition: parseCondition(condition), count: 1, resolve: resolveVigilField, key: [{ name: 'source.ip' }], ...extra };
}
function rule(corr: Omit<Correlation, 'maxKeys'> & { maxKeys?: number }): Rule {
  const correlation: Correlation = { maxKeys: 100, ...corr };
  return {
    id: 'test.stateful', name: 'stateful', source: 'vigil', severity: 'high', techniques: ['T1110.001'], tactics: [], tags: [], enabled: true,
    condition: { type: 'or', items: correlation.steps.map((s) => s.condition) }, resolve: resolveVigilField,
    output: (ev) => `user ${ev.user?.name}`, correlation,
  };
}
const login = (sec: number, outcome: 'success' | 'failure', user: string, ip = '203.0.113.9', host = 'h1'): VigilEvent => ({
  time: at(sec), event: { kind: 'auth.login', outcome }, host: { id: host }, source: { ip }, user: { name: user },
});
const connect = (sec: number, dst: string, entity = 'p1'): VigilEvent => ({
  time: at(sec), event: { kind: 'network.connect' }, host: { id: 'h1' }, process: { pid: 5, entity_id: entity }, destination: { ip: dst, port: 22 },
});
function replay(engine: Engine, events: VigilEvent[]) {
  return events.flatMap((e) => engine.process(e));
}

const bruteForce = () =>
  rule({
    type: 'sequence',
    withinMs: 600_000,
    steps: [
      step('failures', 'event.kind = auth.login and event.outcome = failure', { count: 3 }),
      step('success', 'event.kind = auth.login and event.outcome = success and user.name = val($failures[user.name])'),
    ],
  });

test('sequence: N failures then a success for the bound user within the window raise one alert carrying every event', () => {
  const { engine } = Engine.build([bruteForce()]);
  const events = [login(0, 'failure', 'root'), login(10, 'failure', 'root'), login(20, 'failure', 'root'), login(30, 'success', 'root')];
  const alerts = replay(engine, events);
  assert.equal(alerts.length, 1);
  assert.deepEqual(alerts[0].events, events);
  assert.equal(alerts[0].event, events[3]);
  assert.equal(alerts[0].output, 'user root');
});

test('sequence: the binding compares with the earlier step\'s last event', () => {
  const { engine } = Engine.build([bruteForce()]);
  const fails = [login(0, 'failure', 'root'), login(10, 'failure', 'root'), login(20, 'failure', 'admin')];
  assert.equal(replay(engine, [...fails, login(30, 'success', 'root')]).length, 0);
  assert.equal(replay(engine, [login(31, 'success', 'admin')]).length, 1);
});

test('sequence: too few failures, another key, or a success after the window raise nothing', () => {
  const few = Engine.build([bruteForce()]).engine;
  assert.equal(replay(few, [login(0, 'failure', 'root'), login(1, 'failure', 'root'), login(2, 'success', 'root')]).length, 0);
  const split = Engine.build([bruteForce()]).engine;
  assert.equal(replay(split, [login(0, 'failure', 'root', '198.51.100.1'), login(1, 'failure', 'root'), login(2, 'failure', 'root'), login(3, 'success', 'root')]).length, 0);
  const otherHost = Engine.build([bruteForce()]).engine;
  assert.equal(replay(otherHost, [login(0, 'failure', 'root'), login(1, 'failure', 'root'), login(2, 'failure', 'root', undefined, 'h2'), login(3, 'success', 'root')]).length, 0);
  const late = Engine.build([bruteForce()]).engine;
  assert.equal(replay(late, [login(0, 'failure', 'root'), login(1, 'failure', 'root'), login(2, 'failure', 'root'), login(700, 'success', 'root')]).length, 0);
});

test('sequence: the first step slides, so old failures do not count but recent ones do', () => {
  const { engine } = Engine.build([bruteForce()]);
  const alerts = replay(engine, [login(0, 'failure', 'root'), login(400, 'failure', 'root'), login(700, 'failure', 'root'), login(710, 'failure', 'root'), login(720, 'success', 'root')]);
  assert.equal(alerts.length, 1);
  assert.deepEqual(alerts[0].events.map((e) => e.time), [at(400), at(700), at(710), at(720)]);
});

test('unordered sequence fires once every step is seen in the window, in any order', () => {
  const r = rule({ type: 'sequence', ordered: false, withinMs: 60_000, steps: [step('a', 'event.outcome = success'), step('b', 'event.outcome = failure')] });
  const { engine } = Engine.build([r]);
  assert.equal(replay(engine, [login(0, 'success', 'x'), login(5, 'failure', 'x')]).length, 1);
  const reversed = Engine.build([r]).engine;
  assert.equal(replay(reversed, [login(0, 'failure', 'x'), login(5, 'success', 'x')]).length, 1);
  const apart = Engine.build([r]).engine;
  assert.equal(replay(apart, [login(0, 'failure', 'x'), login(120, 'success', 'x')]).length, 0);
});

const fanout = (extra: Partial<Correlation> = {}) =>
  rule({ type: 'threshold', withinMs: 60_000, bounds: { min: 3 }, steps: [step('conn', 'destination.port = 22', { key: [{ name: 'process.entity_id' }], distinct: { name: 'destination.ip' } })], ...extra });

test('threshold with distinct counts distinct values per key in a sliding window, then starts afresh', () => {
  const { engine } = Engine.build([fanout()]);
  assert.equal(replay(engine, [connect(0, '10.0.0.1'), connect(1, '10.0.0.1'), connect(2, '10.0.0.2')]).length, 0);
  const alerts = replay(engine, [connect(3, '10.0.0.3')]);
  assert.equal(alerts.length, 1);
  assert.deepEqual(alerts[0].events.map((e) => e.destination?.ip), ['10.0.0.1', '10.0.0.2', '10.0.0.3']);
  assert.equal(replay(engine, [connect(4, '10.0.0.4'), connect(5, '10.0.0.5')]).length, 0);
  const slow = Engine.build([fanout()]).engine;
  assert.equal(replay(slow, [connect(0, '10.0.0.1'), connect(40, '10.0.0.2'), connect(80, '10.0.0.3')]).length, 0);
});

test('threshold with an upper bound judges each tumbling window when it closes', () => {
  const r = rule({ type: 'threshold', withinMs: 60_000, bounds: { min: 2, max: 3 }, steps: [step('f', 'event.outcome = failure')] });
  const { engine } = Engine.build([r]);
  assert.equal(replay(engine, [login(0, 'failure', 'a'), login(10, 'failure', 'a')]).length, 0);
  const closed = replay(engine, [login(61, 'success', 'a')]);
  assert.equal(closed.length, 1);
  assert.equal(closed[0].events.length, 2);
  const many = Engine.build([r]).engine;
  replay(many, [0, 1, 2, 3].map((s) => login(s, 'failure', 'a')));
  assert.equal(many.flush().length, 0, 'four is above the range');
});

const agentGone = () =>
  rule({
    type: 'absence',
    withinMs: 120_000,
    steps: [step('stopped', 'event.kind = process.exit and process.name = vigil-agent', { key: [] }), step('restarted', 'event.kind = process.exec and process.name = vigil-agent', { key: [] })],
  });
const agent = (sec: number, kind: 'process.exit' | 'process.exec', host = 'h1'): VigilEvent => ({ time: at(sec), event: { kind }, host: { id: host }, process: { pid: 7, name: 'vigil-agent' } });

test('absence fires when a later event passes the deadline, not when the second step came in time', () => {
  const { engine } = Engine.build([agentGone()]);
  assert.equal(replay(engine, [agent(0, 'process.exit'), agent(60, 'process.exec'), agent(300, 'process.exec', 'h2')]).length, 0);
  const silent = Engine.build([agentGone()]).engine;
  assert.equal(replay(silent, [agent(0, 'process.exit'), agent(119, 'process.exec', 'h2')]).length, 0);
  const fired = replay(silent, [agent(121, 'process.exec', 'h2')]);
  assert.equal(fired.length, 1);
  assert.equal(fired[0].host.id, 'h1');
  assert.deepEqual(fired[0].events.map((e) => e.event.kind), ['process.exit']);
});

test('absence: flush(now) passes deadlines by the caller\'s clock; flush() closes everything', () => {
  const { engine } = Engine.build([agentGone()]);
  replay(engine, [agent(0, 'process.exit')]);
  assert.equal(engine.flush(at(100)).length, 0);
  assert.equal(engine.flush(at(121)).length, 1);
  replay(engine, [agent(200, 'process.exit', 'h3')]);
  assert.equal(engine.flush().length, 1);
});

test('state is bounded per rule: the least recently used key is evicted and counted', () => {
  const { engine } = Engine.build([fanout({ maxKeys: 2 })]);
  replay(engine, [connect(0, '10.0.0.1', 'p1'), connect(0, '10.0.0.2', 'p1'), connect(1, '10.0.0.1', 'p2'), connect(1, '10.0.0.1', 'p3')]);
  assert.deepEqual(engine.stats(), [{ rule: 'test.stateful', keys: 2, evicted: 1 }]);
  assert.equal(replay(engine, [connect(2, '10.0.0.3', 'p1')]).length, 0, 'p1 was evicted and starts again');
});

test('state expires on event time: windows that passed leave no keys behind', () => {
  const { engine } = Engine.build([fanout()]);
  replay(engine, [connect(0, '10.0.0.1', 'p1'), connect(0, '10.0.0.1', 'p2')]);
  assert.equal(engine.stats()[0].keys, 2);
  replay(engine, [connect(100, '10.0.0.1', 'p3')]);
  assert.equal(engine.stats()[0].keys, 1);
});

test('a recorded stream replays to the same alerts every time', () => {
  const stream = [...[0, 1, 2].map((s) => login(s, 'failure', 'root')), login(3, 'success', 'root'), agent(4, 'process.exit'), agent(500, 'process.exec', 'h2')];
  const run = () => {
    const { engine } = Engine.build([bruteForce(), agentGone()]);
    return replay(engine, stream).map((a) => `${a.rule.id}@${a.time}:${a.events.length}`);
  };
  assert.deepEqual(run(), run());
  assert.equal(run().length, 2);
});
