/**
 * What `vigil scan` prints around the report: a progress bar on a terminal, nothing extra when
 * piped, and a warning when the advisory database is stale.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { corpus } from '../../schema/test-support/corpora.ts';
import { bookwormImages, repoRoot, runVigil } from '../test-support/run-cli.ts';

describe('vigil scan output around the report', () => {
  let db: string;
  let image: string;
  before(() => {
    image = bookwormImages().base;
    db = join(mkdtempSync(join(tmpdir(), 'vigil-out-db-')), 'vulndb.sqlite');
    assert.equal(runVigil(['db', 'import', '--db', db, corpus('alpine/v3.11/main.yaml')]).status, 0);
  });

  test('piped: stderr stays empty and stdout holds only the report', () => {
    const r = runVigil(['scan', 'image', image, '--format', 'json', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(JSON.parse(r.stdout).target.kind, 'image');
  });

  test('on a terminal: a progress bar is drawn on stderr', () => {
    // script(1) gives the command a pseudo-terminal, as an interactive shell would.
    const cmd = `node ${join(repoRoot, 'packages/cli/bin/vigil.js')} scan image ${image} --format json --db ${db} --output /dev/null`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /Scanning image \[[^\]]*\] \d+% \| [\d.]+\/[\d.]+ MB/);
  });

  test('a database older than 7 days is named in a warning, and the scan still runs', () => {
    const stale = join(mkdtempSync(join(tmpdir(), 'vigil-stale-db-')), 'vulndb.sqlite');
    assert.equal(runVigil(['db', 'import', '--db', stale, corpus('alpine/v3.11/main.yaml')]).status, 0);
    const raw = new Database(stale);
    raw.prepare(`UPDATE meta SET value = ? WHERE key = 'built_at'`).run(new Date(Date.now() - 9 * 86_400_000).toISOString());
    raw.close();
    const r = runVigil(['scan', 'image', image, '--format', 'json', '--db', stale]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /vulnerability database is 9 days old/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
