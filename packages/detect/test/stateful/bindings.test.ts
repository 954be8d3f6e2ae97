import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCondition } from '../../src/condition/parser.ts';
import { hasBindings, relax } from '../../src/stateful/bindings.ts';

test('relaxing drops bindings so the result is implied by the condition: true where positive, false under not', () => {
  const e = parseCondition('event.outcome = success and user.name = val($failures[user.name]) and not source.ip = val($failures[source.ip])');
  assert.ok(hasBindings(e));
  assert.deepEqual(relax(e), {
    type: 'and',
    items: [
      { type: 'compare', field: { name: 'event.outcome' }, op: '=', operand: { kind: 'value', value: 'success' } },
      { type: 'const', value: true },
      { type: 'not', expr: { type: 'const', value: false } },
    ],
  });
  assert.ok(!hasBindings(parseCondition('user.name = val(user.target.name)')), 'val() of the same event is not a binding');
});
