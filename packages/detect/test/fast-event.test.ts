import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseEvent } from '@vigil/schema';
import { checkedEvent, parseEventFast } from '../src/fast-event.ts';
import { loadRulePaths } from '../src/rule-files.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const packEvents = () => {
  const set = loadRulePaths([join(repo, 'rules')]);
  return set.rules.flatMap((r) => [...(r.tests?.match ?? []), ...(r.tests?.noMatch ?? [])].flat());
};
const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};
const base = { host: { name: 'n', id: 'h' }, event: { sensor: 'ebpf', kind: 'process.exec' }, time: '2026-01-01T00:00:00.123Z' };

test('compiled checks accept valid events and return what parseEvent does, keys in schema order', () => {
  const events = packEvents();
  assert.ok(events.length >= 200, `${events.length} events`);
  for (const ev of [base, ...events]) {
    const raw: unknown = JSON.parse(JSON.stringify(ev));
    const fast = checkedEvent(raw);
    assert.ok(fast, JSON.stringify(ev));
    assert.equal(JSON.stringify(fast), JSON.stringify(parseEvent(raw, 'x')));
  }
});

test('compiled checks refuse what parseEvent rejects or rewrites; parseEventFast then gives its result or error', () => {
  const cases: [string, unknown][] = [
    ['bad time', { ...base, time: '2026-01-01 00:00' }],
    ['unknown kind', { ...base, event: { kind: 'process.fork' } }],
    ['empty host id', { ...base, host: { id: '' } }],
    ['negative pid', { ...base, process: { pid: -1 } }],
    ['fractional port', { ...base, source: { port: 1.5 } }],
    ['port too high', { ...base, destination: { port: 65536 } }],
    ['null for optional', { ...base, process: { pid: 1, name: null } }],
    ['array for object', { ...base, process: [] }],
    ['number in string list', { ...base, process: { pid: 1, args: ['a', 1] } }],
    ['label not a string', { ...base, labels: { a: 1 } }],
  ];
  for (const [what, raw] of cases) {
    assert.equal(checkedEvent(raw), undefined, what);
    const expected = errorOf(() => parseEvent(raw, 'e.jsonl:3'));
    assert.match(expected, /^e\.jsonl:3: invalid event: [^\n]+$/, what);
    assert.equal(errorOf(() => parseEventFast(raw, 'e.jsonl:3')), expected, what);
  }
  const extra = { ...base, process: { pid: 1, extra: true }, sensor_note: 'x' };
  assert.equal(checkedEvent(extra), undefined, 'unknown keys: zod strips them');
  assert.deepEqual(parseEventFast(extra, 'x'), parseEvent(extra, 'x'));
  assert.deepEqual(Object.keys(parseEventFast(extra, 'x')), ['time', 'event', 'host', 'process']);
});
