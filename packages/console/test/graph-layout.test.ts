import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GraphNode } from '../app/api/types.ts';
import { COLUMN_WIDTH, ROW_HEIGHT, layout } from '../app/components/graphLayout.ts';

const node = (id: string): GraphNode => ({ id, type: 'process', label: id });

test('layout puts each node one column right of its furthest parent, and survives cycles', () => {
  const nodes = ['nginx', 'sh', 'id', 'file', 'user'].map(node);
  const at = layout(nodes, [
    { from: 'user', to: 'nginx', type: 'ran' },
    { from: 'nginx', to: 'sh', type: 'spawned' },
    { from: 'sh', to: 'id', type: 'spawned' },
    { from: 'nginx', to: 'file', type: 'wrote' },
    { from: 'sh', to: 'file', type: 'wrote' },
  ]);
  assert.deepEqual(at.get('user'), { x: 0, y: 0 });
  assert.deepEqual(at.get('nginx'), { x: COLUMN_WIDTH, y: 0 });
  assert.deepEqual(at.get('sh'), { x: 2 * COLUMN_WIDTH, y: 0 });
  assert.deepEqual(at.get('id'), { x: 3 * COLUMN_WIDTH, y: 0 });
  assert.deepEqual(at.get('file'), { x: 3 * COLUMN_WIDTH, y: ROW_HEIGHT });
  const cyclic = layout([node('a'), node('b')], [{ from: 'a', to: 'b', type: 'x' }, { from: 'b', to: 'a', type: 'x' }]);
  assert.equal(cyclic.size, 2);
  assert.ok([...cyclic.values()].every((p) => p.x < 2 * COLUMN_WIDTH));
});
