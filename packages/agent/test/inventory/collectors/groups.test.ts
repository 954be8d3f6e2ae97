import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupsCollector } from '../../../src/inventory/collectors/groups.ts';
import { collectTable, fixtureRoot } from '../fixture-root.ts';

test('groups with their members', async () => {
  const root = await fixtureRoot({ '/etc/group': 'root:x:0:\nsudo:x:27:alice,bob\ndocker:x:998:alice\n' });
  assert.deepEqual((await collectTable(groupsCollector, { root })).rows, [
    { gid: 0, groupname: 'root', members: [] },
    { gid: 27, groupname: 'sudo', members: ['alice', 'bob'] },
    { gid: 998, groupname: 'docker', members: ['alice'] },
  ]);
});
