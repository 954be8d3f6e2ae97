import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNdb, ndbBlobs, NdbError } from '../../../src/catalog/os/rpm-ndb.ts';
import { ndbFromFixture, rpmFixture } from './rpmdb-fixture.ts';

test('yields every stored header blob, in slot order, skipping free slots', () => {
  const buf = ndbFromFixture(5);
  assert.ok(isNdb(buf));
  const blobs = [...ndbBlobs(buf)].map((b) => Buffer.from(b));
  assert.deepEqual(blobs, rpmFixture().rows.map((r) => Buffer.from(r.blob)));
});

test('refuses other files, other versions and slots or blobs that do not add up', () => {
  assert.equal(isNdb(Buffer.from('SQLite format 3\0')), false);
  assert.throws(() => [...ndbBlobs(Buffer.alloc(64))], NdbError);

  const version = ndbFromFixture();
  version.writeUInt32LE(1, 4);
  assert.throws(() => [...ndbBlobs(version)], /unsupported ndb version 1/);

  const slotPages = ndbFromFixture();
  slotPages.writeUInt32LE(1000, 12);
  assert.throws(() => [...ndbBlobs(slotPages)], /slot pages run past/);

  const badSlot = ndbFromFixture(0);
  badSlot.write('Slxx', 32);
  assert.throws(() => [...ndbBlobs(badSlot)], /bad slot/);

  const outside = ndbFromFixture(0);
  outside.writeUInt32LE(1 << 24, 32 + 8); // first slot's block offset
  assert.throws(() => [...ndbBlobs(outside)], /points outside/);

  const overrun = ndbFromFixture(0);
  overrun.writeUInt32LE(1 << 20, 4096 + 12); // first blob's length
  assert.throws(() => [...ndbBlobs(overrun)], /overruns/);
});
