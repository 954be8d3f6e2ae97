import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConditionSyntaxError } from '../../src/condition/lexer.ts';
import { parseCondition, parseFieldRef } from '../../src/condition/parser.ts';

test('or binds looser than and, not binds tightest, parentheses group', () => {
  assert.deepEqual(parseCondition('a or b and not c'), {
    type: 'or',
    items: [{ type: 'ref', name: 'a' }, { type: 'and', items: [{ type: 'ref', name: 'b' }, { type: 'not', expr: { type: 'ref', name: 'c' } }] }],
  });
  assert.deepEqual(parseCondition('(a or b) and c'), {
    type: 'and',
    items: [{ type: 'or', items: [{ type: 'ref', name: 'a' }, { type: 'ref', name: 'b' }] }, { type: 'ref', name: 'c' }],
  });
});

test('comparisons: values, lists (also a bare list name), exists, val() and field arguments', () => {
  assert.deepEqual(parseCondition('evt.type in (execve, "execveat")'), {
    type: 'compare', field: { name: 'evt.type' }, op: 'in', operand: { kind: 'list', values: ['execve', 'execveat'] },
  });
  assert.deepEqual(parseCondition('proc.name in shell_binaries'), {
    type: 'compare', field: { name: 'proc.name' }, op: 'in', operand: { kind: 'list', values: ['shell_binaries'] },
  });
  assert.deepEqual(parseCondition('fd.name pmatch ()'), { type: 'compare', field: { name: 'fd.name' }, op: 'pmatch', operand: { kind: 'list', values: [] } });
  assert.deepEqual(parseCondition('proc.aname[3] startswith run'), {
    type: 'compare', field: { name: 'proc.aname', arg: '3' }, op: 'startswith', operand: { kind: 'value', value: 'run' },
  });
  assert.deepEqual(parseCondition('k8s.ns.name exists'), { type: 'exists', field: { name: 'k8s.ns.name' } });
  assert.deepEqual(parseCondition('proc.name = val(proc.pname)'), {
    type: 'compare', field: { name: 'proc.name' }, op: '=', operand: { kind: 'field', field: { name: 'proc.pname' } },
  });
  assert.deepEqual(parseCondition('evt.dir=<'), { type: 'compare', field: { name: 'evt.dir' }, op: '=', operand: { kind: 'value', value: '<' } });
  assert.deepEqual(parseFieldRef('container.mount.dest[/etc]'), { name: 'container.mount.dest', arg: '/etc' });
});

test('malformed conditions are syntax errors', () => {
  for (const bad of ['a and', 'proc.name', '(a', 'a b', 'proc.name = ', 'proc.name in (a b)', ')', 'proc.name = (a, b)']) {
    assert.throws(() => parseCondition(bad), ConditionSyntaxError, bad);
  }
});
