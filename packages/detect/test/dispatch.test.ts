import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { parseCondition } from '../src/condition/parser.ts';
import { Engine } from '../src/engine.ts';
import { requiredValues } from '../src/dispatch.ts';
import type { FieldResolver, FieldSpec } from '../src/fields.ts';
import type { Rule } from '../src/rule.ts';
import { resolveVigilField } from '../src/vigil/fields.ts';

test('required values: = and in, through and (intersected) and or (united), never under not', () => {
  const req = (c: string) => [...requiredValues(parseCondition(c), resolveVigilField)].map(([, vs]) => [...vs].sort());
  const name = resolveVigilField({ name: 'process.name' });
  assert.deepEqual(req('process.name in (sh, bash) and process.pid > 1'), [['bash', 'sh']]);
  assert.deepEqual(req('process.name in (sh, bash) and process.name = sh'), [['sh']]);
  assert.deepEqual(req('process.name = sh or process.name = nc'), [['nc', 'sh']]);
  assert.deepEqual(req('process.name = sh or process.pid = 1'), []);
  assert.deepEqual(req('not process.name = sh'), []);
  assert.deepEqual(req('process.args = -c'), [], 'multi-valued fields are not indexed');
  assert.deepEqual(req('destination.port in (22, 022)'), [['22']], 'numbers by value');
  assert.ok(requiredValues(parseCondition('process.name = sh'), resolveVigilField).has(name));
});

test('an event meets only the rules its indexed value can satisfy, and alerts stay in rule order', () => {
  const reads = new Map<string, number>();
  // A resolver that counts reads of `process.executable`, which only the name-indexed rules test.
  const exe = resolveVigilField({ name: 'process.executable' });
  const counted: FieldSpec = { ...exe, get: (ev, n) => (reads.set(ev.process?.name ?? '', (reads.get(ev.process?.name ?? '') ?? 0) + 1), exe.get(ev, n)) };
  const counting: FieldResolver = (f) => (f.name === 'process.executable' ? counted : resolveVigilField(f));
  const rule = (id: string, condition: string): Rule => ({
    id, name: id, source: 'test', severity: 'low', techniques: [], tactics: [], tags: [], enabled: true,
    condition: parseCondition(condition), resolve: counting, output: () => id,
  });
  const rules = [
    rule('a', 'process.executable exists and process.name in (sh, bash)'),
    rule('b', 'process.executable exists and process.name = nc'),
    rule('c', 'process.executable exists and process.name = sh'),
    rule('d', 'process.working_directory startswith /tmp'),
  ];
  const { engine } = Engine.build(rules);
  const ev = (name: string, executable: string): VigilEvent => ({ time: '2026-01-01T00:00:00Z', event: { kind: 'process.exec' }, host: { id: 'h' }, process: { pid: 1, name, executable, working_directory: executable } });
  assert.deepEqual(engine.process(ev('sh', '/tmp/sh')).map((a) => a.rule.id), ['a', 'c', 'd']);
  assert.deepEqual(engine.process(ev('ls', '/bin/ls')).map((a) => a.rule.id), []);
  assert.deepEqual(engine.process(ev('nc', '/tmp/nc')).map((a) => a.rule.id), ['b', 'd']);
  // Only a, b and c read the executable: ls meets none of them, sh and nc read it once however many rules test it.
  assert.deepEqual(Object.fromEntries(reads), { sh: 1, nc: 1 });
});

test('a rule constrained on two indexed fields meets an event only when both values can satisfy it', () => {
  const rule = (id: string, condition: string): Rule => ({
    id, name: id, source: 'test', severity: 'low', techniques: [], tactics: [], tags: [], enabled: true,
    condition: parseCondition(condition), resolve: resolveVigilField, output: () => id,
  });
  const rules = [
    ...['nc', 'socat', 'curl'].map((n) => rule(`name-${n}`, `process.name = ${n}`)),
    ...[22, 443, 3333].map((p) => rule(`port-${p}`, `destination.port = ${p}`)),
    rule('both', 'process.name in (curl, wget) and destination.port in (443, 8443)'),
    rule('open', 'destination.ip exists'),
  ];
  const { engine } = Engine.build(rules);
  const ev = (name: string, port: number): VigilEvent => ({ time: '2026-01-01T00:00:00Z', event: { kind: 'network.connect' }, host: { id: 'h' }, process: { pid: 1, name }, destination: { ip: '192.0.2.1', port } });
  const ids = (name: string, port: number) => engine.process(ev(name, port)).map((a) => a.rule.id);
  assert.deepEqual(ids('curl', 443), ['name-curl', 'port-443', 'both', 'open']);
  assert.deepEqual(ids('wget', 8443), ['both', 'open'], 'values no other rule indexes');
  assert.deepEqual(ids('curl', 80), ['name-curl', 'open']);
  assert.deepEqual(ids('nc', 443), ['name-nc', 'port-443', 'open']);
  assert.deepEqual(ids('curl', 443), ['name-curl', 'port-443', 'both', 'open'], 'the cached list');
});
