import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { JsonlFileOutput } from '../../src/outputs/jsonl-file.ts';
import { sampleAlert, sampleAlertRecord, sampleInspection } from './alert-fixture.ts';
import { inspectionRecord } from '../../src/outputs/output.ts';

function tempDir(t: { after(fn: () => unknown): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'vsx-jsonl-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const ids = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { id: string }).id);

test('JSON lines: appends one alert per line after what the file already holds, in send order', async (t) => {
  const path = join(tempDir(t), 'alerts.jsonl');
  writeFileSync(path, `${JSON.stringify(sampleAlert({ id: 'old' }))}\n`);
  const out = new JsonlFileOutput({ path, fsync: 'always' });
  await Promise.all(['a', 'b', 'c'].map((id) => out.send(sampleAlertRecord({ id }))));
  assert.deepEqual(ids(path), ['old', 'a', 'b', 'c'], 'lines are complete as soon as send resolves');
  await out.close();
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8').split('\n')[1]), { type: 'alert', ...sampleAlert({ id: 'a' }) });
});

test('JSON lines: alerts and inspection reports share the file, told apart by type', async (t) => {
  const path = join(tempDir(t), 'vigil.jsonl');
  const out = new JsonlFileOutput({ path, fsync: 'always' });
  await out.send(sampleAlertRecord({ id: 'a' }));
  await out.send(inspectionRecord(sampleInspection()));
  await out.close();
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => [l.type, l.id]), [['alert', 'a'], ['inspection', 'insp-1']]);
  assert.deepEqual(lines[1], { type: 'inspection', ...sampleInspection() });
});

test('JSON lines: rotates by size, keeping `keep` old files, newest in .1, none over the cap', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'alerts.jsonl');
  const lineBytes = Buffer.byteLength(`${JSON.stringify({ type: 'alert', ...sampleAlert({ id: 'r00' }) })}\n`);
  const out = new JsonlFileOutput({ path, fsync: 'never', maxBytes: lineBytes * 2, keep: 2 });
  for (let i = 0; i < 9; i++) await out.send(sampleAlertRecord({ id: `r${String(i).padStart(2, '0')}` }));
  await out.close();
  assert.deepEqual(readdirSync(dir).sort(), ['alerts.jsonl', 'alerts.jsonl.1', 'alerts.jsonl.2']);
  assert.deepEqual(ids(path), ['r08']);
  assert.deepEqual(ids(`${path}.1`), ['r06', 'r07']);
  assert.deepEqual(ids(`${path}.2`), ['r04', 'r05'], 'r00-r03 rotated out');
  for (const f of readdirSync(dir)) assert.ok(statSync(join(dir, f)).size <= lineBytes * 2);
});

test('JSON lines: a line larger than max_bytes still goes out, alone in its file', async (t) => {
  const path = join(tempDir(t), 'a.jsonl');
  const out = new JsonlFileOutput({ path, fsync: 'interval', fsyncIntervalMs: 5, maxBytes: 10, keep: 1 });
  await out.send(sampleAlertRecord({ id: 'big1' }));
  await out.send(sampleAlertRecord({ id: 'big2' }));
  await out.close();
  assert.deepEqual(ids(path), ['big2']);
  assert.deepEqual(ids(`${path}.1`), ['big1']);
  assert.ok(!existsSync(`${path}.2`));
});

test('JSON lines: a path that cannot be opened rejects the send', async (t) => {
  const out = new JsonlFileOutput({ path: join(tempDir(t), 'missing-dir', 'a.jsonl'), fsync: 'never' });
  await assert.rejects(out.send(sampleAlertRecord()), { code: 'ENOENT' });
  await out.close();
});
