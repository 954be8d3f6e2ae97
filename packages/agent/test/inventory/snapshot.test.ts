import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Collector, allCollectors, collectInventory, tableNames } from '../../src/index.ts';
import { fixtureRoot } from './fixture-root.ts';

test('a failing collector is reported as its table error; the others still run and share work', async () => {
  let computed = 0;
  const sharing = (name: string): Collector => ({
    name,
    description: name,
    async collect(ctx) {
      const value = await ctx.shared('work', async () => ++computed);
      ctx.warn(`${name} saw ${value}`);
      return [{ value }];
    },
  });
  const broken: Collector = { name: 'broken', description: 'broken', collect: () => Promise.reject(new Error('EACCES: permission denied')) };
  const snapshot = await collectInventory({ root: await fixtureRoot({}), collectors: [sharing('a'), broken, sharing('b')] });
  assert.deepEqual(snapshot.tables, {
    a: { rows: [{ value: 1 }], warnings: ['a saw 1'] },
    broken: { error: 'EACCES: permission denied', warnings: [] },
    b: { rows: [{ value: 1 }], warnings: ['b saw 1'] },
  });
  assert.equal(computed, 1);
  assert.match(snapshot.time, /^\d{4}-\d\d-\d\dT/);
  assert.equal(typeof snapshot.agent_version, 'string');
});

test('only the tables asked for; every registered table has a unique name', async () => {
  const snapshot = await collectInventory({ root: await fixtureRoot({}), tables: ['groups', 'crontab'] });
  assert.deepEqual(Object.keys(snapshot.tables), ['groups', 'crontab']);
  assert.equal(new Set(tableNames()).size, allCollectors.length);
});
