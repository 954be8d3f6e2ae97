import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { BaselineStore } from '../../src/fim/baseline-store.ts';
import { FimMonitor } from '../../src/fim/monitor.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const host = { id: 'test-host' };
/** The figure: every event arrives within 2 s of the change. */
const ARRIVAL_MS = 2000;

let base: string;
let root: string;
let state: string;

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'vigil-fim-'));
  root = join(base, 'watched');
  state = join(base, 'state');
  await mkdir(join(root, 'sub'), { recursive: true });
  for (const [name, body] of Object.entries({ 'a.conf': 'alpha\n', 'b.conf': 'bravo\n', 'c.conf': 'charlie\n', 'd.conf': 'delta\n', 'sub/e.conf': 'echo\n' })) {
    await writeFile(join(root, name), body, { mode: 0o644 });
  }
});
after(() => rm(base, { recursive: true, force: true }));

function collector() {
  const events: VigilEvent[] = [];
  const waitFor = async (what: string, pred: (e: VigilEvent) => boolean, ms = ARRIVAL_MS): Promise<VigilEvent> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = events.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) assert.fail(`no ${what} event within ${ms} ms; got ${JSON.stringify(events.map((e) => [e.event.action, e.file?.path]))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { events, waitFor };
}

const is = (action: string, path: string) => (e: VigilEvent) => e.event.kind === 'file.change' && e.event.action === action && e.file?.path === path;

test('real-time create, modify, rename, chmod, chown and delete arrive with correct hashes', async () => {
  const { events, waitFor } = collector();
  const fim = new FimMonitor({ paths: [root], stateDir: state, host, onEvent: (e) => events.push(e), verifyEveryMs: 0 });
  const first = await fim.start();
  assert.equal(first.changes, 0, 'a fresh root is recorded silently');
  assert.ok(first.entries >= 7);
  try {
    await writeFile(join(root, 'a.conf'), 'alpha changed\n');
    const mod = await waitFor('modify', is('modify', join(root, 'a.conf')));
    assert.equal(mod.file?.hash?.sha256, sha('alpha changed\n'));
    assert.equal(mod.file?.old_hash?.sha256, sha('alpha\n'));
    assert.equal(mod.event.sensor, 'inotify');

    await rename(join(root, 'b.conf'), join(root, 'sub/b2.conf'));
    const ren = await waitFor('rename', is('rename', join(root, 'sub/b2.conf')));
    assert.equal(ren.file?.old_path, join(root, 'b.conf'));
    assert.equal(ren.file?.hash?.sha256, sha('bravo\n'));

    await chmod(join(root, 'c.conf'), 0o4755);
    const cm = await waitFor('chmod', is('chmod', join(root, 'c.conf')));
    assert.equal(cm.file?.mode, '4755');
    assert.equal(cm.labels?.['file.old_mode'], '0644');
    assert.equal(cm.file?.hash?.sha256, sha('charlie\n'));

    await chown(join(root, 'c.conf'), 4321, 4322);
    const co = await waitFor('chown', is('chown', join(root, 'c.conf')));
    assert.deepEqual([co.file?.uid, co.file?.gid], ['4321', '4322']);

    await unlink(join(root, 'd.conf'));
    const del = await waitFor('delete', is('delete', join(root, 'd.conf')));
    assert.equal(del.file?.old_hash?.sha256, sha('delta\n'));

    await mkdir(join(root, 'new/deep'), { recursive: true });
    await writeFile(join(root, 'new/deep/f.sh'), '#!/bin/sh\n');
    const cr = await waitFor('create', is('create', join(root, 'new/deep/f.sh')));
    assert.equal(cr.file?.hash?.sha256, sha('#!/bin/sh\n'));

    await rename(join(root, 'sub'), join(root, 'moved'));
    await waitFor('directory rename', is('rename', join(root, 'moved')));
    const child = await waitFor('child rename', is('rename', join(root, 'moved/e.conf')));
    assert.equal(child.file?.old_path, join(root, 'sub/e.conf'));

    // Bursts on one file are one event, not one per write.
    const before = events.length;
    for (let i = 0; i < 20; i++) await writeFile(join(root, 'a.conf'), `burst ${i}\n`);
    const last = await waitFor('burst modify', (e) => is('modify', join(root, 'a.conf'))(e) && e.file?.hash?.sha256 === sha('burst 19\n'));
    assert.ok(events.slice(before).filter(is('modify', join(root, 'a.conf'))).length < 20, `burst not coalesced: ${last.event.id}`);
  } finally {
    await fim.stop();
  }
});

test('never follows a symlink out of the watched root', async () => {
  const outside = join(base, 'outside');
  await mkdir(outside, { recursive: true });
  const { events, waitFor } = collector();
  const fim = new FimMonitor({ paths: [root], stateDir: state, host, onEvent: (e) => events.push(e), verifyEveryMs: 0 });
  await fim.start();
  try {
    await symlink(outside, join(root, 'escape'));
    const link = await waitFor('symlink create', is('create', join(root, 'escape')));
    assert.equal(link.labels?.['file.target'], outside);
    assert.equal(link.labels?.['file.type'], 'symlink');
    await writeFile(join(outside, 'secret'), 'x');
    await writeFile(join(root, 'marker'), 'm');
    await waitFor('marker create', is('create', join(root, 'marker')));
    assert.ok(!events.some((e) => e.file?.path.startsWith(join(root, 'escape') + '/')), 'an event came through the symlink');
    assert.ok(events.every((e) => e.file?.path.startsWith(root)));
  } finally {
    await fim.stop();
  }
});

test('a change made while the monitor is stopped is reported at the next start', async () => {
  const quiet = new FimMonitor({ paths: [root], stateDir: state, host, onEvent: () => undefined, verifyEveryMs: 0 });
  await quiet.start();
  await quiet.stop();

  await writeFile(join(root, 'a.conf'), 'changed while down\n');
  await writeFile(join(root, 'offline.txt'), 'new\n');
  await rename(join(root, 'c.conf'), join(root, 'c-renamed.conf'));
  await rm(join(root, 'new'), { recursive: true });

  const events: VigilEvent[] = [];
  const fim = new FimMonitor({ paths: [root], stateDir: state, host, onEvent: (e) => events.push(e), verifyEveryMs: 0 });
  const summary = await fim.start();
  await fim.stop();
  const found = (action: string, path: string) => events.find(is(action, join(root, path)));
  assert.equal(found('modify', 'a.conf')?.file?.hash?.sha256, sha('changed while down\n'));
  assert.equal(found('modify', 'a.conf')?.event.sensor, 'fim-scan');
  assert.ok(found('create', 'offline.txt'));
  assert.equal(found('rename', 'c-renamed.conf')?.file?.old_path, join(root, 'c.conf'));
  assert.ok(found('delete', 'new/deep/f.sh'));
  assert.ok(found('delete', 'new'));
  assert.equal(summary.changes, events.length);
  assert.equal(events.length, 6, JSON.stringify(events.map((e) => [e.event.action, e.file?.path])));
});

test('the scheduled full pass catches a change the real-time path missed', async () => {
  const { events, waitFor } = collector();
  const fim = new FimMonitor({ paths: [root], stateDir: state, host, onEvent: (e) => events.push(e), verifyEveryMs: 100 });
  await fim.start();
  try {
    // A lost inotify event, simulated: the baseline row goes stale without any event on disk.
    const other = BaselineStore.open(state);
    const row = other.get(join(root, 'a.conf'));
    assert.ok(row);
    other.put({ ...row, size: row.size + 1, sha256: '0'.repeat(64) });
    other.close();
    const found = await waitFor('scheduled modify', is('modify', join(root, 'a.conf')), 10_000);
    assert.equal(found.event.sensor, 'fim-scan');
    assert.equal(found.file?.old_hash?.sha256, '0'.repeat(64));
  } finally {
    await fim.stop();
  }
});
