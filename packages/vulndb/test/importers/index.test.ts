import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { zipSync } from 'fflate';
import { isUserError } from '@vigil/schema';
import { corpus } from '../../../schema/test-support/corpora.ts';
import { type ImportProgress, importPaths } from '../../src/importers/index.ts';
import { tempDb, tempDir } from '../support/temp-db.ts';

const osvRecord = (id: string, name: string) =>
  JSON.stringify({
    id,
    modified: '2024-01-01T00:00:00Z',
    affected: [{ package: { ecosystem: 'PyPI', name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0' }] }] }],
  });

test('formats are detected per file in a mixed tree; unrelated and broken files are reported, not fatal', async () => {
  const dir = join(tempDir(), 'mixed');
  mkdirSync(join(dir, 'DSA'), { recursive: true });
  writeFileSync(join(dir, 'PYSEC-1.json'), osvRecord('PYSEC-1', 'Flask'));
  writeFileSync(join(dir, 'broken.json'), '{"id": ');
  writeFileSync(join(dir, 'README.md'), '# not an advisory\n');
  writeFileSync(join(dir, 'notes.txt'), 'hello');
  copyFileSync(corpus('alpine/v3.3/main.yaml'), join(dir, 'main.yaml'));
  writeFileSync(join(dir, 'DSA', 'list'), '[02 Jan 2024] DSA-9999-1 demo - security update\n\t[bookworm] - demo 1.0-1\n');
  writeFileSync(join(dir, 'osv-all.zip'), zipSync({ 'PYSEC-2.json': new TextEncoder().encode(osvRecord('PYSEC-2', 'flask')) }));

  const progress: ImportProgress[] = [];
  const db = tempDb();
  const summary = await importPaths(db, [dir], { onProgress: (p) => progress.push(p) });
  assert.deepEqual(summary.sources.map((s) => s.name).sort(), ['alpine', 'debian', 'osv']);
  assert.equal(summary.unrecognized, 2);
  assert.equal(summary.files, 7);
  assert.equal(summary.errors.length, 1);
  assert.match(summary.errors[0].file, /broken\.json$/);
  assert.match(summary.errors[0].message, /^cannot parse/);
  assert.equal(progress.length, 7);
  assert.deepEqual(db.lookup('PyPI', 'FLASK').map((m) => m.advisory.id).sort(), ['PYSEC-1', 'PYSEC-2']);
  assert.equal(db.lookup('Debian:12', 'demo').length, 1);
});

test('re-importing a path replaces its rows (idempotent); other paths are untouched', async () => {
  const a = join(tempDir(), 'reimport-a');
  const b = join(tempDir(), 'reimport-b');
  mkdirSync(a, { recursive: true });
  mkdirSync(b, { recursive: true });
  writeFileSync(join(a, 'A-1.json'), osvRecord('A-1', 'pkg'));
  writeFileSync(join(b, 'B-1.json'), osvRecord('B-1', 'pkg'));
  const db = tempDb();
  await importPaths(db, [a, b]);
  await importPaths(db, [a]);
  assert.deepEqual(db.lookup('PyPI', 'pkg').map((m) => m.advisory.id).sort(), ['A-1', 'B-1']);
  writeFileSync(join(a, 'A-1.json'), osvRecord('A-1', 'other'));
  await importPaths(db, [a]);
  assert.deepEqual(db.lookup('PyPI', 'pkg').map((m) => m.advisory.id), ['B-1']);
  assert.equal(db.sources().length, 2);
});

test('user errors: a missing path, an explicit file of no known format, an unparseable explicit file', async () => {
  const db = tempDb();
  const txt = join(tempDir(), 'plain.txt');
  const json = join(tempDir(), 'unknown.json');
  const bad = join(tempDir(), 'bad.yaml');
  writeFileSync(txt, 'x');
  writeFileSync(json, '{"hello": "world"}');
  writeFileSync(bad, 'a: [unclosed');
  const rejects = (paths: string[], re: RegExp) =>
    assert.rejects(importPaths(db, paths), (err) => isUserError(err) && re.test(err.message) && !err.message.includes('\n'));
  await rejects([join(tempDir(), 'missing')], /no such file or directory/);
  await rejects([txt], /not a recognised advisory format/);
  await rejects([json], /not a recognised advisory format/);
  await rejects([bad], /cannot parse/);
  assert.deepEqual(db.sources(), [], 'nothing half-imported');
});
