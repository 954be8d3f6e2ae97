import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Expr } from '../../src/condition/ast.ts';
import { detectionExpr, type DetectionContext } from '../../src/sigma/detection.ts';
import { SigmaRuleError } from '../../src/sigma/modifiers.ts';

const ctx: DetectionContext = {
  field: (name) => ({ ref: { name }, kind: { type: 'string' } }),
  keywords: () => ({ name: 'text' }),
};

/** A compact rendering of the AST: `F=v` for a field's caseless glob, `!` for not. */
function show(e: Expr): string {
  switch (e.type) {
    case 'and':
    case 'or':
      return `(${e.items.map(show).join(` ${e.type} `)})`;
    case 'not':
      return `!${show(e.expr)}`;
    case 'compare':
      return `${e.field.name}${e.op === 'iglob' ? '~' : e.op}${e.operand.kind === 'value' ? e.operand.value : '?'}`;
    case 'exists':
      return `${e.field.name}?`;
    default:
      return e.type;
  }
}

const det = (d: Record<string, unknown>) => show(detectionExpr(d, ctx).condition);

test('a map ANDs its fields, a list of maps ORs them, a field list ORs its values', () => {
  assert.equal(det({ sel: { A: 'a', B: ['b', 'c'] }, condition: 'sel' }), '(A~a and (B~b or B~c))');
  assert.equal(det({ sel: [{ A: 'a' }, { B: 'b' }], condition: 'sel' }), '(A~a or B~b)');
});

test('plain value lists and |all maps are keyword searches', () => {
  assert.equal(det({ kw: ['x', 'y'], condition: 'kw' }), '(text~*x* or text~*y*)');
  assert.equal(det({ kw: { '|all': ['x', 'y'] }, condition: 'kw' }), '(text~*x* and text~*y*)');
});

test('conditions: not binds tighter than and, and tighter than or; parentheses group', () => {
  const d = { a: { A: '1' }, b: { B: '2' }, c: { C: '3' } };
  assert.equal(det({ ...d, condition: 'a or b and not c' }), '(A~1 or (B~2 and !C~3))');
  assert.equal(det({ ...d, condition: '(a or b) and not c' }), '((A~1 or B~2) and !C~3)');
  assert.equal(det({ ...d, condition: 'not (a and b)' }), '!(A~1 and B~2)');
});

test('1 of / all of patterns and them', () => {
  const d = { sel_a: { A: '1' }, sel_b: { B: '2' }, filter: { C: '3' } };
  assert.equal(det({ ...d, condition: '1 of sel_* and not filter' }), '((A~1 or B~2) and !C~3)');
  assert.equal(det({ ...d, condition: 'all of sel_*' }), '(A~1 and B~2)');
  assert.equal(det({ ...d, condition: 'all of them' }), '(A~1 and B~2 and C~3)');
  assert.equal(det({ ...d, condition: '1 of them' }), '(A~1 or B~2 or C~3)');
  assert.equal(det({ ...d, condition: ['sel_a', 'sel_b'] }), '(A~1 or B~2)');
  assert.deepEqual([...detectionExpr({ ...d, condition: '1 of sel_*' }, ctx).searches.keys()], ['sel_a', 'sel_b']);
});

test('malformed or stateful detections are rule errors with a reason', () => {
  assert.throws(() => det({ a: { A: '1' }, condition: 'a and b' }), /undefined search 'b'/);
  assert.throws(() => det({ a: { A: '1' }, condition: 'a and' }), /ends early/);
  assert.throws(() => det({ a: { A: '1' }, condition: '(a' }), /missing '\)'/);
  assert.throws(() => det({ a: { A: '1' }, condition: 'a | count() > 5' }), /aggregation/);
  assert.throws(() => det({ a: { A: '1' }, condition: 'a', timeframe: '5m' }), /timeframe/);
  assert.throws(() => det({ a: { A: '1' } }), /no condition/);
  assert.throws(() => det({ a: { A: '1' }, condition: '1 of x*' }), SigmaRuleError);
});
