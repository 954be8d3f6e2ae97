import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Package } from '@vigil/schema';
import { rpmCataloger } from '../../../src/catalog/os/rpm.ts';
import { unpackedCorpus } from '../../../../schema/test-support/corpora.ts';
import { catalogAs } from './catalog-file.ts';
import { bdbFromFixture, ndbFromFixture, readDb, rpmFixture, rpmQuery } from './rpmdb-fixture.ts';

const syft = unpackedCorpus('fixtures/syft.tar.gz');
const scalibr = unpackedCorpus('fixtures/scalibr.tar.gz');
const syftRpm = join(syft, 'syft/syft/pkg/cataloger/redhat/testdata');
const scalibrRpm = join(scalibr, 'scalibr/extractor/filesystem/os/rpm/testdata');

/** A cataloged package in rpm's QUERY_FORMAT line, `(none)` for what it lacks. */
function asQueryLine(p: Package): string {
  const m = p.metadata ?? {};
  return [p.name, p.version, p.arch, m.sourceRpm, p.licenses?.[0], m.vendor, m.modularityLabel]
    .map((v) => (v === undefined ? '(none)' : String(v)))
    .join('\t');
}

const lines = (packages: Package[] | undefined) => (packages ?? []).map(asQueryLine).sort();

/** rpm -qa on the sqlite fixture, without the signing-key pseudo-package. */
function expected(): string[] {
  return rpmQuery(rpmFixture().sqliteDir).filter((l) => !l.startsWith('gpg-pubkey\t'));
}

test('a sqlite rpmdb lists exactly what rpm -qa lists, signing keys aside', async () => {
  const { sqliteDir } = rpmFixture();
  const got = await catalogAs(rpmCataloger, 'usr/lib/sysimage/rpm/rpmdb.sqlite', join(sqliteDir, 'rpmdb.sqlite'));
  assert.deepEqual(got.warnings, []);
  assert.equal(got.packages?.length, 43);
  assert.deepEqual(lines(got.packages), expected());
  assert.ok(rpmQuery(sqliteDir).some((l) => l.startsWith('gpg-pubkey\t')), 'rpm lists the key pseudo-package');
});

test('subpackages name their source rpm, with the epoch the binary carries', async () => {
  const { sqliteDir } = rpmFixture();
  const got = await catalogAs(rpmCataloger, 'var/lib/rpm/rpmdb.sqlite', join(sqliteDir, 'rpmdb.sqlite'));
  const part = got.packages?.find((p) => p.name === 'libvigil-part7');
  assert.equal(part?.version, '2:1.2.3-4.el9');
  assert.deepEqual(part?.source, { name: 'vigil-demo', version: '2:1.2.3-4.el9' });
  assert.deepEqual(part?.locations, [{ path: 'var/lib/rpm/rpmdb.sqlite' }]);
  // An explicit Epoch: 0 is kept: it is what the header says.
  assert.equal(got.packages?.find((p) => p.name === 'python3-vigil-thing')?.version, '0:2.0~rc1-0.3.fc39');
  assert.equal(got.packages?.find((p) => p.name === 'vigil-big')?.version, '0.9-1');
});

for (const opts of [
  { type: 'hash', pageSize: 4096 },
  { type: 'hash', pageSize: 512, bigEndian: true },
  { type: 'hash', pageSize: 8192, checksum: true },
  { type: 'btree', pageSize: 1024 },
  { type: 'btree', pageSize: 16384, bigEndian: true, checksum: true },
] as const) {
  const label = `${opts.type}, ${opts.pageSize}-byte pages${opts.bigEndian ? ', big-endian' : ''}${opts.checksum ? ', checksummed' : ''}`;
  test(`a Berkeley DB Packages (${label}) lists what rpm -qa lists`, async () => {
    const dir = bdbFromFixture(opts);
    const got = await catalogAs(rpmCataloger, 'var/lib/rpm/Packages', readDb(dir, 'Packages'));
    assert.deepEqual(got.warnings, []);
    assert.deepEqual(lines(got.packages), expected());
  });
}

test("rpm's own Berkeley DB reader agrees with the fixture it is compared against", () => {
  const dir = bdbFromFixture({ type: 'hash', pageSize: 4096 });
  assert.deepEqual(rpmQuery(dir, 'bdb_ro'), rpmQuery(rpmFixture().sqliteDir));
});

test('an ndb Packages.db lists the same packages', async () => {
  const got = await catalogAs(rpmCataloger, 'usr/lib/sysimage/rpm/Packages.db', ndbFromFixture());
  assert.deepEqual(got.warnings, []);
  assert.deepEqual(lines(got.packages), expected());
});

test('real Berkeley DB fixtures from syft and osv-scalibr read as rpm reads them', async () => {
  for (const [file, want] of [
    [join(syftRpm, 'Packages'), 'dive\t0.9.2-1\tx86_64\tdive-0.9.2-1.src.rpm\tMIT'],
    [join(scalibrRpm, 'Packages_epoch'), 'hello\t1:0.0.1-rls\tx86_64\thello-0.0.1-rls.src.rpm\tGPL'],
  ]) {
    const got = await catalogAs(rpmCataloger, 'var/lib/rpm/Packages', file);
    assert.deepEqual(got.warnings, []);
    assert.deepEqual(lines(got.packages).map((l) => l.split('\t').slice(0, 5).join('\t')), [want]);
    const dir = mkdtempSync(join(rpmFixture().workDir, 'real-'));
    copyFileSync(file, join(dir, 'Packages'));
    // The catalog drops empty tags (dive's VENDOR is ""), rpm prints them empty.
    const byRpm = rpmQuery(dir, 'bdb_ro').map((l) => l.split('\t').map((f) => f || '(none)').join('\t'));
    assert.deepEqual(lines(got.packages), byRpm);
  }
});

test('a file that is no rpm database is a warning with no packages', async () => {
  for (const [rel, file] of [
    ['var/lib/rpm/Packages', join(scalibrRpm, 'invalid')],
    ['var/lib/rpm/rpmdb.sqlite', join(scalibrRpm, 'empty.sqlite')],
    ['usr/share/rpm/Packages.db', join(syftRpm, 'glob-paths/usr/share/rpm/Packages.db')],
  ]) {
    const got = await catalogAs(rpmCataloger, rel, file);
    assert.deepEqual(got.packages ?? [], [], rel);
    assert.match(got.warnings.join('\n'), /not an rpm database/, rel);
  }
});

test('a truncated or damaged database is a warning with no packages, never a throw', async () => {
  const whole = readDb(bdbFromFixture({ type: 'hash', pageSize: 512 }), 'Packages');
  const truncated = await catalogAs(rpmCataloger, 'var/lib/rpm/Packages', whole.subarray(0, whole.length >> 1));
  assert.deepEqual(truncated.packages ?? [], []);
  assert.match(truncated.warnings.join(), /overflow chain|out of bounds|overflow page/);

  const ndb = Buffer.from(ndbFromFixture());
  ndb.write('XXXX', 4096); // the first blob's magic
  const damaged = await catalogAs(rpmCataloger, 'var/lib/rpm/Packages.db', ndb);
  assert.deepEqual(damaged.packages ?? [], []);
  assert.match(damaged.warnings.join(), /damaged/);

  const dir = mkdtempSync(join(rpmFixture().workDir, 'nosql-'));
  const noTable = join(dir, 'other.sqlite');
  const { default: Database } = await import('better-sqlite3');
  new Database(noTable).exec('CREATE TABLE t(x)').close();
  const sqlite = await catalogAs(rpmCataloger, 'var/lib/rpm/rpmdb.sqlite', readFileSync(noTable));
  assert.deepEqual(sqlite.packages ?? [], []);
  assert.match(sqlite.warnings.join(), /no such table: Packages/);
});

test('a header that does not parse is skipped and counted, the rest are kept', async () => {
  const { rows } = rpmFixture();
  const dir = mkdtempSync(join(rpmFixture().workDir, 'badrow-'));
  const path = join(dir, 'rpmdb.sqlite');
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path);
  db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO Packages (hnum, blob) VALUES (?, ?)');
  const kept = rows.filter((r) => !r.blob.includes('gpg-pubkey')).slice(0, 5);
  for (const { hnum, blob } of kept) insert.run(hnum, blob);
  insert.run(1000, Buffer.from('not a header at all'));
  db.close();
  const got = await catalogAs(rpmCataloger, 'var/lib/rpm/rpmdb.sqlite', path);
  assert.equal(got.packages?.length, 5);
  assert.deepEqual(got.warnings, ['rpm: var/lib/rpm/rpmdb.sqlite: skipped 1 unreadable package header(s)']);
});

test('wants the rpmdb files at the three database locations only', () => {
  const info = { size: 1, mode: 0o644 };
  for (const p of ['var/lib/rpm/Packages', 'var/lib/rpm/rpmdb.sqlite', 'usr/lib/sysimage/rpm/Packages.db', 'usr/share/rpm/rpmdb.sqlite']) {
    assert.ok(rpmCataloger.wants(p, info), p);
  }
  for (const p of ['var/lib/rpm/Name', 'srv/var/lib/rpm/Packages', 'var/lib/rpm/rpmdb.sqlite-wal', 'var/lib/rpm']) {
    assert.ok(!rpmCataloger.wants(p, info), p);
  }
});
