import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { zipSync } from 'fflate';
import { isUserError } from '@vigil/schema';
import { FEEDS, feedUrl, selectFeeds, updateFromFeeds } from '../src/feeds.ts';
import { tempDb } from './support/temp-db.ts';

// A loopback mirror: the tests never reach the internet.
const served = new Map<string, Buffer>();
const requested: string[] = [];
let server: Server;
let base: string;

before(async () => {
  const record = (id: string, name: string) =>
    new TextEncoder().encode(
      JSON.stringify({ id, modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'PyPI', name }, versions: ['1.0'] }] }),
    );
  served.set('/osv/PyPI/all.zip', Buffer.from(zipSync({ 'PYSEC-1.json': record('PYSEC-1', 'flask'), 'PYSEC-2.json': record('PYSEC-2', 'jinja2') })));
  served.set('/alpine/v3.19/main.json', Buffer.from(JSON.stringify({ distroversion: 'v3.19', reponame: 'main', packages: [{ pkg: { name: 'musl', secfixes: { '1.2.4-r2': ['CVE-2000-1'] } } }] })));
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    const body = served.get(req.url ?? '');
    res.writeHead(body ? 200 : 404).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

test('feed selection by group or id; unknown names are user errors', () => {
  assert.ok(selectFeeds().length === FEEDS.length);
  assert.deepEqual(selectFeeds(['osv:PyPI']).map((f) => f.id), ['osv:PyPI']);
  assert.ok(selectFeeds(['alpine']).every((f) => f.group === 'alpine'));
  assert.throws(() => selectFeeds(['nvd']), (err) => isUserError(err) && /unknown feed source "nvd"/.test(err.message));
  assert.equal(feedUrl(FEEDS[0]), FEEDS[0].url);
  assert.match(FEEDS.find((f) => f.id === 'osv:PyPI')!.url, /^https:\/\/osv-vulnerabilities\.storage\.googleapis\.com\/PyPI\/all\.zip$/);
  assert.throws(() => feedUrl(FEEDS[0], 'not a url'), (err) => isUserError(err));
});

test('update downloads from the mirror, imports, and records the public URL as origin', async () => {
  const db = tempDb();
  const summary = await updateFromFeeds(db, { mirror: `${base}/`, sources: ['osv:PyPI', 'alpine:v3.19/main', 'alpine:v3.19/community'] });
  assert.ok(requested.includes('/osv/PyPI/all.zip'));
  assert.equal(db.lookup('PyPI', 'Jinja2')[0].advisory.id, 'PYSEC-2');
  assert.equal(db.lookup('Alpine:v3.19', 'musl')[0].advisory.id, 'CVE-2000-1');
  assert.deepEqual(
    db.sources().map((s) => s.origin).sort(),
    ['https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip', 'https://secdb.alpinelinux.org/v3.19/main.json'],
  );
  // the community file is missing on the mirror: one reported error, the rest imported
  assert.equal(summary.errors.length, 1);
  assert.match(summary.errors[0].message, /HTTP 404/);

  // a second update replaces the same origins instead of duplicating them
  await updateFromFeeds(db, { mirror: base, sources: ['osv:PyPI'] });
  assert.equal(db.lookup('PyPI', 'flask').length, 1);
  assert.equal(db.sources().length, 2);
});

test('when no feed can be downloaded the update is a user error', async () => {
  const db = tempDb();
  await assert.rejects(
    updateFromFeeds(db, { mirror: base, sources: ['rustsec'] }),
    (err) => isUserError(err) && /could not download any advisory feed/.test(err.message),
  );
});
