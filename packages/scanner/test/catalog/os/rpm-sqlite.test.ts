import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSqlite, sqliteBlobs } from '../../../src/catalog/os/rpm-sqlite.ts';
import { rpmFixture } from './rpmdb-fixture.ts';

test('returns the Packages blobs of an rpmdb.sqlite in header-number order and cleans up', async () => {
  const { sqliteDir, rows } = rpmFixture();
  const buf = readFileSync(join(sqliteDir, 'rpmdb.sqlite'));
  assert.ok(isSqlite(buf));
  const tempDir = mkdtempSync(join(tmpdir(), 'vigil-sqlite-test-'));
  try {
    const blobs = await sqliteBlobs(buf, tempDir);
    assert.deepEqual(blobs.map((b) => Buffer.from(b)), rows.map((r) => Buffer.from(r.blob)));
    assert.deepEqual(readdirSync(tempDir), []);
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
});

test('recognises SQLite by its header only', () => {
  assert.equal(isSqlite(Buffer.alloc(0)), false);
  assert.equal(isSqlite(Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(84)])), true);
  assert.equal(isSqlite(Buffer.concat([Buffer.from('SQLite format 2\0'), Buffer.alloc(84)])), false);
});
