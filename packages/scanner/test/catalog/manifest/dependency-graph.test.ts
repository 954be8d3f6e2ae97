import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '@vigil/schema';
import { indexById, keepKnownEdges, packageId, reachable } from '../../../src/catalog/manifest/dependency-graph.ts';

const pkg = (id: string, dependsOn?: string[], source?: string): Package => {
  const at = id.lastIndexOf('@');
  return {
    name: id.slice(0, at),
    version: id.slice(at + 1),
    type: 'cargo',
    ecosystem: 'crates.io',
    locations: [{ path: 'Cargo.lock' }],
    ...(dependsOn ? { dependsOn } : {}),
    ...(source ? { metadata: { source } } : {}),
  };
};

test('ids are name@version, scoped names included; one id may name several packages', () => {
  assert.equal(packageId({ name: '@types/node', version: '20.1.0' }), '@types/node@20.1.0');
  const fork = pkg('regex@1.11.1', undefined, 'git+https://github.com/rust-lang/regex.git#1a069b9');
  const byId = indexById([pkg('regex@1.11.1'), fork, pkg('memchr@2.7.4')]);
  assert.equal(byId.get('regex@1.11.1')?.length, 2);
  assert.equal(byId.get('memchr@2.7.4')?.length, 1);
});

test('edges to unknown packages, to oneself and repeated edges are dropped; empty lists removed', () => {
  const packages = keepKnownEdges([pkg('a@1.0.0', ['b@1.0.0', 'b@1.0.0', 'a@1.0.0', 'gone@1.0.0']), pkg('b@1.0.0', ['gone@1.0.0'])]);
  assert.deepEqual(packages.map((p) => p.dependsOn), [['b@1.0.0'], undefined]);
  assert.ok(!('dependsOn' in packages[1]));
});

test('reachability follows every package of an id, survives cycles, and never enters the excluded one', () => {
  const root = pkg('app@0.1.0', ['a@1.0.0']);
  const a = pkg('a@1.0.0', ['b@1.0.0', 'app@0.1.0']);
  const b1 = pkg('b@1.0.0', ['a@1.0.0']);
  const b2 = pkg('b@1.0.0', ['c@1.0.0'], 'git+https://example.com/b.git#abc');
  const c = pkg('c@1.0.0');
  const byId = indexById([root, a, b1, b2, c]);
  assert.deepEqual([...reachable([a], byId, root)].map((p) => p.name).sort(), ['a', 'b', 'b', 'c']);
  assert.ok(reachable([a], byId).has(root));
  assert.equal(reachable([], byId).size, 0);
});
