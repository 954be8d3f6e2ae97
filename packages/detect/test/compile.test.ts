import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { parseCondition } from '../src/condition/parser.ts';
import { compileExpr, ConditionCompileError, evalContext, FieldSlots, globRegExp } from '../src/compile.ts';
import { UnsupportedFieldError, type FieldResolver, type FieldSpec } from '../src/fields.ts';

/** A tiny vocabulary over labels-free test events, so these tests exercise the compiler alone. */
const FIELDS: Record<string, FieldSpec> = {
  name: { type: 'string', get: (ev) => ev.process?.name },
  exe: { type: 'string', get: (ev) => ev.process?.executable },
  pid: { type: 'number', get: (ev) => ev.process?.pid },
  priv: { type: 'bool', get: (ev) => ev.container?.privileged },
  dst: { type: 'ip', get: (ev) => ev.destination?.ip },
  args: { type: 'string', multi: true, get: (ev) => ev.process?.args },
  parent: { type: 'string', get: (ev) => ev.process?.parent?.name },
};
const resolve: FieldResolver = (f) => {
  const s = FIELDS[f.name];
  if (!s) throw new UnsupportedFieldError(f.name);
  return s;
};

const ev: VigilEvent = {
  time: '2026-01-01T00:00:00Z',
  event: { kind: 'process.exec' },
  host: { id: 'h' },
  process: { pid: 42, name: 'Bash', executable: '/usr/bin/bash', args: ['bash', '-c', 'id'], parent: { name: 'bash' } },
  container: { id: 'c', privileged: true },
  destination: { ip: '10.1.2.3' },
};
const bare: VigilEvent = { time: ev.time, event: ev.event, host: ev.host };

function run(cond: string, on: VigilEvent, r: FieldResolver = resolve): boolean {
  const slots = new FieldSlots();
  const p = compileExpr(parseCondition(cond), r, slots);
  return p({ ...evalContext(slots), ev: on, num: 1 });
}
const check = (cond: string, on: VigilEvent = ev) => run(cond, on);

test('string operators', () => {
  assert.ok(check('name = Bash') && check('name != bash') && !check('name = bash'));
  assert.ok(check('exe contains /bin/') && check('name icontains BASH') && check('exe startswith /usr') && check('exe endswith bash'));
  assert.ok(check('exe glob "/usr/*/ba?h"') && !check('exe glob "/usr/*/zsh"') && check('name iglob "b*"'));
  assert.ok(check('exe pmatch (/usr/bin, /opt)') && check('exe pmatch (/usr/bin/bash)') && !check('exe pmatch (/usr/bi)'));
  assert.ok(check('name in (zsh, Bash)') && check('name intersects (Bash)') && !check('name in (zsh)'));
  assert.ok(check('exe regex "^/usr/(s?bin)/"') && check('exe bcontains 62617368') && check('exe bstartswith 2f757372'));
});

test('numbers, booleans, addresses and networks', () => {
  assert.ok(check('pid = 42') && check('pid > 41') && check('pid <= 42') && check('pid in (1, 42)') && !check('pid < 42'));
  assert.ok(check('priv = true') && !check('priv = false') && check('priv != false'));
  assert.ok(check('dst = 10.1.2.3') && check('dst in (192.168.0.0/16, 10.0.0.0/8)') && check('dst != 172.16.0.0/12'));
});

test('multi-valued fields match if any value does; != if none equals', () => {
  assert.ok(check('args = -c') && check('args contains "i"') && !check('args != id') && check('args != zsh'));
});

test('a missing value makes every comparison false, != included; exists tests presence', () => {
  assert.ok(!check('name = Bash', bare) && !check('name != Bash', bare) && check('not name = Bash', bare));
  assert.ok(check('name exists') && !check('name exists', bare));
});

test('val() compares two fields of the event', () => {
  assert.ok(check('parent = val(name)') === false && check('parent icontains bas'));
  assert.ok(check('name != val(parent)'));
});

test('and/or short-circuit regardless of the order they are written in', () => {
  assert.ok(check('name = zsh or (pid = 42 and exe endswith bash)'));
  assert.ok(!check('exe regex "x" and name = zsh'));
});

test('bad literals and operators are compile errors; unknown fields are unsupported', () => {
  assert.throws(() => check('pid = abc'), ConditionCompileError);
  assert.throws(() => check('pid contains 4'), ConditionCompileError);
  assert.throws(() => check('priv = yes'), ConditionCompileError);
  assert.throws(() => check('dst = not-an-ip'), ConditionCompileError);
  assert.throws(() => check('exe regex "("'), ConditionCompileError);
  assert.throws(() => check('exe bcontains xyz'), ConditionCompileError);
  assert.throws(() => check('nosuch = 1'), UnsupportedFieldError);
  assert.throws(() => check('undefined_macro'), ConditionCompileError);
});

test('a field shared by several predicates is extracted once per event', () => {
  let calls = 0;
  const spec: FieldSpec = { type: 'string', get: (e) => (calls++, e.process?.name) };
  const counted: FieldResolver = () => spec;
  const slots = new FieldSlots();
  const a = compileExpr(parseCondition('x = Bash'), counted, slots);
  const b = compileExpr(parseCondition('x != sh'), counted, slots);
  const ctx = { ...evalContext(slots), ev, num: 1 };
  assert.ok(a(ctx) && b(ctx));
  assert.equal(calls, 1);
  ctx.num = 2;
  assert.ok(a(ctx));
  assert.equal(calls, 2, 'the next event extracts again');
});

test('globs: * spans slashes, ? one character, [..] classes with ! negation', () => {
  assert.ok(globRegExp('/a/*').test('/a/b/c'));
  assert.ok(globRegExp('[!x]y').test('zy') && !globRegExp('[!x]y').test('xy'));
  assert.ok(globRegExp('a.b').test('a.b') && !globRegExp('a.b').test('axb'));
});

test('and tests single-valued fields before list-valued and address fields, whatever the rule language names them', () => {
  let listReads = 0;
  const counted: FieldSpec = { type: 'string', multi: true, get: (ev) => (listReads++, ev.process?.args) };
  const resolve: FieldResolver = (f) => (f.name === 'args' ? counted : FIELDS[f.name]);
  const slots = new FieldSlots();
  const p = compileExpr(parseCondition('args contains x and name = sh'), resolve, slots);
  const ctx = evalContext(slots);
  ctx.ev = { time: '2026-01-01T00:00:00Z', event: { kind: 'process.exec' }, host: { id: 'h' }, process: { pid: 1, name: 'ls', args: ['x'] } };
  ctx.num = 1;
  assert.equal(p(ctx), false);
  assert.equal(listReads, 0);
});

test('and tests a negation last, after the test that usually fails, whatever it costs', () => {
  let nameReads = 0;
  const counted: FieldSpec = { type: 'string', get: (ev) => (nameReads++, ev.process?.name) };
  const resolve: FieldResolver = (f) => (f.name === 'name' ? counted : FIELDS[f.name]);
  const slots = new FieldSlots();
  const p = compileExpr(parseCondition('not name = zsh and exe regex "^/tmp/"'), resolve, slots);
  assert.equal(p({ ...evalContext(slots), ev, num: 1 }), false);
  assert.equal(nameReads, 0);
  assert.ok(run('not name = zsh and exe regex "^/usr/"', ev, resolve) && !run('not name = Bash and exe regex "^/usr/"', ev, resolve));
});

test('pmatch answers for each value when rules walk different paths in turn', () => {
  const at = (exe: string): VigilEvent => ({ ...ev, process: { ...ev.process!, executable: exe } });
  const rules = ['exe pmatch (/etc)', 'exe pmatch (/usr/bin)', 'exe pmatch (/etc/ssh)'];
  const got = ['/etc/ssh/sshd_config', '/usr/bin/ls', '/etc/passwd', '/etc/ssh/sshd_config'].map((p) => rules.map((r) => check(r, at(p))));
  assert.deepEqual(got, [
    [true, false, true],
    [false, true, false],
    [true, false, false],
    [true, false, true],
  ]);
});
