import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { isUserError } from '@vigil/schema';
import type { Advisory } from '../src/advisory.ts';
import { openAdvisoryDb } from '../src/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `db-${n++}.sqlite`);

function advisory(id: string, extra: Partial<Advisory> = {}): Advisory {
  return {
    id,
    aliases: [],
    source: 'osv',
    cvss: [],
    references: [],
    affected: [
      { ecosystem: 'PyPI', name: 'Django_Rest.Framework', status: 'affected', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.1' }] }], versions: [] },
    ],
    ...extra,
  };
}

const src = { name: 'osv', origin: '/data/a' };

test('lookup normalises names and returns only rows of that exact ecosystem', async () => {
  const db = openAdvisoryDb(freshPath());
  await db.transaction(async () => {
    db.putAdvisories(src, [
      advisory('PYSEC-1'),
      advisory('GHSA-npm', {
        affected: [{ ecosystem: 'npm', name: 'django-rest-framework', status: 'affected', ranges: [], versions: ['1.0.0'] }],
      }),
    ]);
    db.recordSource(src);
  });
  const hits = db.lookup('PyPI', 'django-rest-framework');
  assert.deepEqual(hits.map((h) => h.advisory.id), ['PYSEC-1']);
  assert.equal(hits[0].affected.name, 'django-rest-framework');
  assert.equal(hits[0].affected.ecosystem, 'PyPI');
  assert.deepEqual(hits[0].affected.ranges[0].events, [{ introduced: '0' }, { fixed: '3.1' }]);
  assert.equal('affected' in hits[0].advisory, false);
  assert.deepEqual(db.lookup('npm', 'django-rest-framework').map((h) => h.advisory.id), ['GHSA-npm']);
  assert.deepEqual(db.lookup('PyPI:3', 'django-rest-framework'), []);
  assert.deepEqual(db.packageKeys().sort(), [['PyPI', 'django-rest-framework'], ['npm', 'django-rest-framework']]);
  db.close();
});

test('isWithdrawn answers for the id and through the aliases it declares', async () => {
  const db = openAdvisoryDb(freshPath());
  await db.transaction(async () => {
    db.putAdvisories(src, [
      advisory('CVE-2020-0001', { withdrawn: '2021-01-01T00:00:00Z' }),
      advisory('DSA-1-1', { aliases: ['CVE-2020-0001'] }),
      advisory('GHSA-dup', { aliases: ['CVE-2020-0002'], withdrawn: '2021-01-01T00:00:00Z' }),
    ]);
  });
  assert.equal(db.isWithdrawn('CVE-2020-0001'), true);
  assert.equal(db.isWithdrawn('DSA-1-1'), true, 'an advisory whose CVE was rejected');
  assert.equal(db.isWithdrawn('GHSA-dup'), true);
  assert.equal(db.isWithdrawn('CVE-2020-0002'), false, 'a withdrawn duplicate does not withdraw the CVE');
  assert.equal(db.isWithdrawn('NOPE'), false);
  // withdrawn advisories stay visible to lookup, flagged
  assert.ok(db.lookup('PyPI', 'django-rest-framework').some((h) => h.advisory.withdrawn));
  db.close();
});

test('an id stored twice keeps the record with the later modified time', async () => {
  const db = openAdvisoryDb(freshPath());
  await db.transaction(async () => {
    db.putAdvisories(src, [advisory('X-1', { modified: '2022-01-02T00:00:00Z', summary: 'new' })]);
    const r = db.putAdvisories(src, [advisory('X-1', { modified: '2022-01-01T00:00:00.5Z', summary: 'old' })]);
    assert.equal(r.advisories, 0);
  });
  assert.equal(db.lookup('PyPI', 'django-rest-framework')[0].advisory.summary, 'new');
  assert.equal(db.lookup('PyPI', 'django-rest-framework').length, 1);
  db.close();
});

test('clearOrigin replaces an origin; other origins stay; counts and builtAt recorded', async () => {
  const db = openAdvisoryDb(freshPath());
  assert.equal(db.builtAt(), undefined);
  const other = { name: 'osv', origin: '/data/b' };
  for (let round = 0; round < 2; round++) {
    await db.transaction(async () => {
      db.clearOrigin(src.origin);
      db.putAdvisories(src, [advisory('A-1'), advisory('A-2')]);
      db.recordSource(src);
    });
  }
  await db.transaction(async () => {
    db.putAdvisories(other, [advisory('B-1')]);
    db.recordSource(other);
  });
  assert.deepEqual(
    db.sources().map((s) => [s.origin, s.advisories, s.affected]),
    [['/data/a', 2, 2], ['/data/b', 1, 1]],
  );
  assert.equal(db.lookup('PyPI', 'django-rest-framework').length, 3);
  assert.ok(db.builtAt());
  assert.equal(db.stats().advisories, 3);
  db.close();
});

test('a failed import rolls back to the previous contents', async () => {
  const db = openAdvisoryDb(freshPath());
  await db.transaction(async () => void db.putAdvisories(src, [advisory('A-1')]));
  await assert.rejects(
    db.transaction(async () => {
      db.clearOrigin(src.origin);
      throw new Error('feed broke');
    }),
    /feed broke/,
  );
  assert.equal(db.lookup('PyPI', 'django-rest-framework').length, 1);
  db.close();
});

test('the schema persists; read-only opens see the data', async () => {
  const path = freshPath();
  const db = openAdvisoryDb(path);
  await db.transaction(async () => void db.putAdvisories(src, [advisory('A-1')]));
  db.close();
  const ro = openAdvisoryDb(path, { readonly: true });
  assert.equal(ro.lookup('PyPI', 'Django-Rest-Framework').length, 1);
  ro.close();
  const raw = new Database(path, { readonly: true });
  assert.equal(raw.pragma('user_version', { simple: true }), 2);
  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
  raw.close();
});

function userErrorMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(isUserError(err), `expected a UserError, got ${String(err)}`);
    assert.ok(!err.message.includes('\n'));
    return err.message;
  }
  assert.fail('expected an error');
}

test('corrupt, foreign, missing and unwritable databases are user errors', () => {
  const garbage = freshPath();
  writeFileSync(garbage, 'this is not sqlite at all, just text that is long enough to look like a header');
  assert.match(userErrorMessage(() => openAdvisoryDb(garbage)), /not a Vigil advisory database/);
  assert.match(userErrorMessage(() => openAdvisoryDb(garbage, { readonly: true })), /not a Vigil advisory database/);

  const foreign = freshPath();
  const other = new Database(foreign);
  other.exec('CREATE TABLE t (x)');
  other.close();
  assert.match(userErrorMessage(() => openAdvisoryDb(foreign)), /not a Vigil advisory database/);

  assert.match(userErrorMessage(() => openAdvisoryDb(join(dir, 'missing.sqlite'), { readonly: true })), /no advisory database/);
  const file = freshPath();
  writeFileSync(file, '');
  assert.match(userErrorMessage(() => openAdvisoryDb(join(file, 'sub', 'db.sqlite'))), /cannot create directory/);
});

test('a database from a newer schema is refused', () => {
  const path = freshPath();
  openAdvisoryDb(path).close();
  const raw = new Database(path);
  raw.pragma('user_version = 99');
  raw.close();
  assert.match(userErrorMessage(() => openAdvisoryDb(path)), /schema 99/);
});

test('a read-only open of an older schema migrates it in place and reads it', async () => {
  const path = freshPath();
  const db = openAdvisoryDb(path);
  await db.transaction(async () => void db.putAdvisories(src, [advisory('A-1')]));
  db.close();
  // What a schema-1 database (before the known-exploited table) looks like.
  const raw = new Database(path);
  raw.exec('DROP TABLE known_exploited');
  raw.pragma('user_version = 1');
  raw.close();
  const ro = openAdvisoryDb(path, { readonly: true });
  assert.equal(ro.lookup('PyPI', 'django-rest-framework').length, 1);
  assert.equal(ro.knownExploited(['CVE-2021-44228']), undefined);
  ro.close();
  const after = new Database(path, { readonly: true });
  assert.equal(after.pragma('user_version', { simple: true }), 2);
  after.close();
});
