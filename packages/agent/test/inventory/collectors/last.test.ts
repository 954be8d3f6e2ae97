import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastCollector } from '../../../src/inventory/collectors/last.ts';
import { collectTable, fixtureRoot } from '../fixture-root.ts';
import { utmpRecord } from '../wtmp-fixture.ts';

test('wtmp boot, login and logout records; a torn trailing record is warned about', async () => {
  const root = await fixtureRoot({
    '/var/log/wtmp': Buffer.concat([
      utmpRecord({ type: 2, pid: 0, tty: '~', user: 'reboot', host: '6.1.0-18-amd64', time: 1_700_000_000 }),
      utmpRecord({ type: 7, pid: 4242, tty: 'pts/3', user: 'alice', host: '192.0.2.10', time: 1_700_000_100 }),
      utmpRecord({ type: 8, pid: 4242, tty: 'pts/3', user: '', host: '', time: 1_700_000_200 }),
      Buffer.alloc(10),
    ]),
  });
  const { rows, warnings } = await collectTable(lastCollector, { root });
  assert.deepEqual(rows[1], { type: 7, type_name: 'user', pid: 4242, tty: 'pts/3', username: 'alice', host: '192.0.2.10', time: '2023-11-14T22:15:00.000Z' });
  assert.deepEqual(rows.map((r) => r.type_name), ['boot_time', 'user', 'dead']);
  assert.deepEqual(warnings, ['/var/log/wtmp: 10 trailing bytes ignored']);
});
