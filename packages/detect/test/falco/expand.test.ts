import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCondition } from '../../src/condition/parser.ts';
import { Expander, ExpansionError, exceptionExpr } from '../../src/falco/expand.ts';

const expander = new Expander({
  lists: new Map([['a', ['x', 'b']], ['b', ['"y z"']], ['loop', ['loop']]]),
  macros: new Map([['m', 'proc.name in (a) or n'], ['n', 'proc.pname = sh'], ['self', 'self'], ['bad', 'proc.name =']]),
});

test('macros expand as subtrees (keeping precedence); lists expand recursively and unquote items', () => {
  assert.deepEqual(expander.expand(parseCondition('m and proc.tty != 0')), {
    type: 'and',
    items: [parseCondition('proc.name in (x, "y z") or proc.pname = sh'), parseCondition('proc.tty != 0')],
  });
});

test('undefined, self-referencing and malformed macros or lists are expansion errors', () => {
  assert.throws(() => expander.expand(parseCondition('nope')), /undefined macro nope/);
  assert.throws(() => expander.expand(parseCondition('self')), /refers to itself/);
  assert.throws(() => expander.expand(parseCondition('bad')), /macro bad: expected a value/);
  assert.throws(() => expander.expand(parseCondition('proc.name in (loop)')), ExpansionError);
});

test('exceptions: tuples of fields with per-field comps, and the single-field list form', () => {
  assert.deepEqual(
    exceptionExpr({ name: 'e', fields: ['proc.name', 'fd.name'], comps: ['=', 'pmatch'], values: [['sh', ['a']], ['bash', ['/etc']]] }, expander),
    parseCondition('(proc.name = sh and fd.name pmatch (x, "y z")) or (proc.name = bash and fd.name pmatch (/etc))'),
  );
  assert.deepEqual(exceptionExpr({ name: 'e', fields: 'proc.name', values: ['sh', 'a'] }, expander), parseCondition('proc.name in (sh, x, "y z")'));
  assert.deepEqual(exceptionExpr({ name: 'e', fields: ['proc.name'], values: [] }, expander), { type: 'const', value: false });
  assert.throws(() => exceptionExpr({ name: 'e', fields: ['a.b', 'c.d'], comps: ['='], values: [] }, expander), /2 fields but 1 comps/);
  assert.throws(() => exceptionExpr({ name: 'e', fields: ['a.b'], comps: ['like'], values: [['x']] }, expander), /unknown comparison like/);
});
