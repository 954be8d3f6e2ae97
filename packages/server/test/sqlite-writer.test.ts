/** The SQLite writer thread: one per file in a process, shared by the stores opened on it. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { acquireWriter, releaseWriter } from '../src/store/sqlite/writer-thread.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { execEvent } from '../test-support/agent-client.ts';

test('stores on one file share its writer thread until the last one releases it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-writer-'));
  const path = join(dir, 's.sqlite');
  await new SqliteStore(path).close(); // creates the schema the thread writes into
  try {
    const a = acquireWriter(path);
    const b = acquireWriter(join(dir, '.', 's.sqlite'));
    assert.equal(a, b, 'the same file, however spelled');
    await releaseWriter(a);
    const c = acquireWriter(path);
    assert.equal(c, a, 'still held by one user');
    await releaseWriter(b);
    await releaseWriter(c);
    const d = acquireWriter(path);
    assert.notEqual(d, a, 'a new thread after the last release');
    await releaseWriter(d);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('closing one store leaves the shared writer working for the other; both see every commit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-writer-'));
  const path = join(dir, 's.sqlite');
  const ingest = new SqliteStore(path);
  const analysis = new SqliteStore(path);
  const batch = (id: string) => ({ id, agent_id: 'a1', host_id: 'h1', received_at: new Date().toISOString(), events: [execEvent('h1')] });
  try {
    await ingest.appendEvents(batch('b1'));
    await analysis.commitDetections({ incidents: [], incident_updates: [], alerts: [], repeats: [], analyzed_batch: 'b1' });
    assert.equal(await ingest.isBatchAnalyzed('b1'), true, 'a commit through the thread is visible to every connection');
    await analysis.close();
    await ingest.appendEvents(batch('b2'));
    assert.deepEqual((await ingest.unanalyzedBatches(10)).map((b) => b.id), ['b2']);
  } finally {
    await analysis.close();
    await ingest.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
