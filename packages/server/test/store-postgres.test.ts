import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { UserError } from '@vigil/schema';
import { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import { partitionName } from '../src/store/postgres/partitions.ts';
import { execEvent, storeContract } from '../test-support/store-contract.ts';
import { query as sql, TestDatabases } from '../test-support/postgres-databases.ts';

const databases = new TestDatabases();
after(() => databases.dropAll());
const urls = new WeakMap<object, string>();

storeContract('postgres', {
  async open() {
    const url = await databases.create();
    const store = await PostgresStore.open(url, { poolSize: 4 });
    urls.set(store, url);
    return store;
  },
  async reopen(store) {
    return PostgresStore.open(urls.get(store)!, { poolSize: 2 });
  },
});

test('postgres: events land in one partition per UTC day; retention by age drops whole day tables', async () => {
  const url = await databases.create();
  const s = await PostgresStore.open(url, { poolSize: 2 });
  try {
    await s.appendEvents({
      id: 'b', agent_id: 'a', host_id: 'h1', received_at: '2026-01-03T00:00:00.000Z',
      events: [execEvent('h1', '2026-01-01T23:59:59.999999999Z'), execEvent('h1', '2026-01-02T00:00:00Z'), execEvent('h1', '2026-01-02T12:00:00+02:00')],
    });
    const { rows } = await sql(url, 'SELECT tableoid::regclass::text AS p, count(*)::int AS n FROM events GROUP BY 1 ORDER BY 1');
    assert.deepEqual(rows, [
      { p: partitionName(Date.UTC(2026, 0, 1)), n: 1 },
      { p: partitionName(Date.UTC(2026, 0, 2)), n: 2 },
    ]);
    assert.deepEqual(await s.pruneEvents({ before: '2026-01-02T06:00:00Z' }), { deleted: 1 });
    const left = await sql(url, "SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'events_d%' AND relkind = 'r' AND relnamespace = current_schema()::regnamespace");
    assert.equal(left.rows[0].n, 1, 'the day table is gone, not emptied');
    // A batch for a dropped day recreates its partition.
    await s.appendEvents({ id: 'late', agent_id: 'a', host_id: 'h1', received_at: '2026-01-03T00:00:00.000Z', events: [execEvent('h1', '2026-01-01T10:00:00Z')] });
    assert.equal((await s.eventStats()).count, 3);
  } finally {
    await s.close();
  }
});

test('postgres: the byte cap deletes the oldest events across days, dropping days it empties', async () => {
  const url = await databases.create();
  const s = await PostgresStore.open(url, { poolSize: 2 });
  try {
    const days = ['2026-02-01', '2026-02-02', '2026-02-03'];
    for (const [i, d] of days.entries()) {
      await s.appendEvents({ id: `b${i}`, agent_id: 'a', host_id: 'h1', received_at: `${d}T23:00:00.000Z`, events: [1, 2, 3].map((h) => execEvent('h1', `${d}T0${h}:00:00Z`, '/bin/sh', 100 + h)) });
    }
    const one = (await s.eventStats()).bytes / 9;
    // Keep four events' worth: the whole first day, two of the second go.
    assert.deepEqual(await s.pruneEvents({ max_bytes: Math.ceil(one * 4) }), { deleted: 5 });
    assert.deepEqual((await s.listEvents({ sort: 'time', order: 'asc' })).items.map((e) => e.time), ['2026-02-02T03:00:00Z', '2026-02-03T01:00:00Z', '2026-02-03T02:00:00Z', '2026-02-03T03:00:00Z']);
  } finally {
    await s.close();
  }
});

test('postgres: processes migrating the same database at once apply each version once', async () => {
  const url = await databases.create();
  const stores = await Promise.all([1, 2, 3].map(() => PostgresStore.open(url, { poolSize: 1 })));
  try {
    for (const s of stores) assert.deepEqual(await s.migrations(), [1]);
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
});

test('postgres: an unreachable database is a user error naming the URL without its password', async () => {
  await assert.rejects(PostgresStore.open('postgres://vigil:hunter2@127.0.0.1:1/vigil'), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.match(err.message, /^cannot open store postgres:\/\/vigil:\*\*\*@127\.0\.0\.1:1\/vigil: /);
    assert.ok(!err.message.includes('hunter2'));
    return true;
  });
});
