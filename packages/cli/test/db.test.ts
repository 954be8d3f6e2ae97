import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { corpus } from '../../schema/test-support/corpora.ts';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../bin/vigil.js');
const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-db-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Asynchronous, so a loopback server in this process can answer the child. */
function vigil(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const status = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolvePromise({ status, stdout, stderr });
    });
  });
}

function assertUserError(r: Run, pattern: RegExp): void {
  assert.notEqual(r.status, 0);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

test('db import then db info (table and json)', async () => {
  const db = join(dir, 'a.sqlite');
  const imported = await vigil(['db', 'import', corpus('alpine'), corpus('debian'), '--db', db]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.equal(imported.stderr, '', 'no progress output when stderr is not a terminal');
  assert.match(imported.stdout, /alpine .*\b18\b/);
  assert.match(imported.stdout, /0 errors/);

  const info = await vigil(['db', 'info', '--db', db, '--format', 'json']);
  assert.equal(info.status, 0, info.stderr);
  const doc = JSON.parse(info.stdout);
  assert.deepEqual(doc.sources.map((s: { name: string }) => s.name).sort(), ['alpine', 'debian']);
  assert.equal(doc.stale, false);
  assert.ok(doc.advisories > 10000);
  assert.ok(doc.ecosystems.some((e: { ecosystem: string }) => e.ecosystem === 'Debian:11'));

  const table = await vigil(['db', 'info', '--db', db]);
  assert.equal(table.status, 0);
  assert.match(table.stdout, /Advisories: \d+/);
  assert.match(table.stdout, /Alpine:v3\.10/);
  assert.equal(table.stderr, '');
});

test('db import --format json reports per-source errors as warnings on stderr', async () => {
  const tree = join(dir, 'tree');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(tree);
  writeFileSync(join(tree, 'broken.json'), '{');
  writeFileSync(join(tree, 'GO-1.json'), JSON.stringify({ id: 'GO-1', modified: '2024-01-01T00:00:00Z', affected: [] }));
  const r = await vigil(['db', 'import', tree, '--db', join(dir, 'b.sqlite'), '--format', 'json']);
  assert.equal(r.status, 0);
  assert.match(r.stderr, /^vigil: warning: .*broken\.json: cannot parse/);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.errors.length, 1);
  assert.equal(summary.sources[0].advisories, 1);
});

test('db info warns when the database is older than 7 days', async () => {
  const db = join(dir, 'old.sqlite');
  assert.equal((await vigil(['db', 'import', corpus('alpine/v3.3'), '--db', db])).status, 0);
  const Database = (await import('better-sqlite3')).default;
  const raw = new Database(db);
  raw.prepare(`UPDATE meta SET value = ? WHERE key = 'built_at'`).run(new Date(Date.now() - 9 * 86_400_000).toISOString());
  raw.close();
  const r = await vigil(['db', 'info', '--db', db]);
  assert.equal(r.status, 0);
  assert.match(r.stderr, /older than 7 days/);
});

test('db update from a loopback mirror (--mirror and VIGIL_FEED_BASE)', async () => {
  const zip = zipSync({
    'PYSEC-9.json': new TextEncoder().encode(
      JSON.stringify({ id: 'PYSEC-9', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'PyPI', name: 'flask' }, versions: ['1.0'] }] }),
    ),
  });
  const server: Server = createServer((req, res) => {
    if (req.url === '/osv/PyPI/all.zip') res.writeHead(200).end(Buffer.from(zip));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const db = join(dir, 'u.sqlite');
    const r = await vigil(['db', 'update', '--db', db, '--source', 'osv:PyPI', '--mirror', base]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /osv .*PyPI\/all\.zip/);
    const viaEnv = await vigil(['db', 'update', '--db', db, '--source', 'osv:PyPI'], { VIGIL_FEED_BASE: base });
    assert.equal(viaEnv.status, 0, viaEnv.stderr);
    const offline = await vigil(['db', 'update', '--db', db, '--source', 'rustsec', '--mirror', base]);
    assertUserError(offline, /^vigil: could not download any advisory feed/);
  } finally {
    server.close();
  }
});

test('user errors: one line on stderr, non-zero exit, no stack trace', async () => {
  const file = join(dir, 'plain.txt');
  writeFileSync(file, 'not advisories');
  const notDb = join(dir, 'not-a-db.sqlite');
  writeFileSync(notDb, 'garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage');
  const db = join(dir, 'errors.sqlite');
  assertUserError(await vigil(['db', 'import', join(dir, 'missing'), '--db', db]), /^vigil: no such file or directory/);
  assertUserError(await vigil(['db', 'import', file, '--db', db]), /^vigil: .*not a recognised advisory format/);
  assertUserError(await vigil(['db', 'import', corpus('alpine'), '--db', join(file, 'db.sqlite')]), /^vigil: cannot create directory/);
  assertUserError(await vigil(['db', 'info', '--db', notDb]), /^vigil: .*is not a Vigil advisory database/);
  assertUserError(await vigil(['db', 'info', '--db', join(dir, 'nothing.sqlite')]), /^vigil: no advisory database at/);
  assertUserError(await vigil(['db', 'update', '--db', db, '--source', 'nvd']), /^vigil: unknown feed source "nvd"/);
  assertUserError(await vigil(['db', 'info', '--db', db, '--format', 'xml']), /argument 'xml' is invalid/);
});
