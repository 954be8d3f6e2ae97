import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { UserError } from '@vigil/schema';
import { buildBaseline, verifyBaseline } from '../../src/fim/baseline.ts';
import { BaselineStore } from '../../src/fim/baseline-store.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const host = { id: 'h' };
let base: string;
let root: string;
let other: string;

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'vigil-fimbase-'));
  root = join(base, 'etc');
  other = join(base, 'www');
  await mkdir(join(root, 'cron.d'), { recursive: true });
  await mkdir(other);
  await writeFile(join(root, 'passwd'), 'root:x:0:0\n');
  await writeFile(join(root, 'cron.d', 'job'), '* * * * * root true\n');
  await writeFile(join(other, 'index.php'), '<?php echo 1;');
});
after(() => rm(base, { recursive: true, force: true }));

const collect = async (state: string, paths?: string[], deep = false) => {
  const events: VigilEvent[] = [];
  const summary = await verifyBaseline({ stateDir: state, paths, host, deep }, (e) => events.push(e));
  return { events, summary };
};

test('verify needs a baseline first, as a one-line user error', async () => {
  await assert.rejects(collect(join(base, 'empty-state')), (e: unknown) => e instanceof UserError && /run `vigil agent fim baseline` first/.test(e.message));
});

test('a baseline of nothing that exists is a user error', async () => {
  await assert.rejects(buildBaseline({ stateDir: join(base, 's0'), paths: [join(base, 'missing')], host }), UserError);
});

test('baseline, then verify reports exactly what changed since', async () => {
  const state = join(base, 'state');
  const built = await buildBaseline({ stateDir: state, paths: [root, join(base, 'missing')], host });
  assert.deepEqual(built.roots, [root]);
  assert.deepEqual(built.missing, [join(base, 'missing')]);
  assert.equal(built.entries, 4);
  assert.deepEqual((await collect(state)).events, []);

  await writeFile(join(root, 'passwd'), 'root:x:0:0\nevil:x:0:0\n');
  await rm(join(root, 'cron.d', 'job'));
  const { events, summary } = await collect(state);
  assert.deepEqual(
    events.map((e) => [e.event.action, e.file?.path]),
    [
      ['modify', join(root, 'passwd')],
      ['delete', join(root, 'cron.d', 'job')],
    ],
  );
  assert.equal(events[0].file?.hash?.sha256, sha('root:x:0:0\nevil:x:0:0\n'));
  assert.equal(events[0].file?.old_hash?.sha256, sha('root:x:0:0\n'));
  assert.equal(summary.changes, 2);
  // Reported changes become the baseline.
  assert.deepEqual((await collect(state)).events, []);
});

test('a root added later is recorded silently; roots not checked keep their rows', async () => {
  const state = join(base, 'state2');
  await buildBaseline({ stateDir: state, paths: [root], host });
  const added = await collect(state, [root, other]);
  assert.deepEqual(added.events, []);
  await writeFile(join(other, 'shell.php'), '<?php system($_GET[1]);');
  // Checking only `root` must not forget `other`'s baseline…
  assert.deepEqual((await collect(state, [root])).events, []);
  // …so checking `other` again still finds the web shell.
  const later = await collect(state, [other]);
  assert.deepEqual(later.events.map((e) => [e.event.action, e.file?.path]), [['create', join(other, 'shell.php')]]);
});

test('deep verification re-reads content the quick check would trust', async () => {
  const state = join(base, 'state3');
  await buildBaseline({ stateDir: state, paths: [root], host });
  const store = BaselineStore.open(state);
  const row = store.get(join(root, 'passwd'));
  assert.ok(row);
  store.put({ ...row, sha256: '0'.repeat(64) });
  store.close();
  assert.deepEqual((await collect(state)).events, [], 'quick check trusts unchanged inode and times');
  const deep = await collect(state, undefined, true);
  assert.deepEqual(deep.events.map((e) => e.event.action), ['modify']);
});

test('roots that are symlinks are watched at their real path, once', async () => {
  const state = join(base, 'state4');
  await symlink(root, join(base, 'etc-link'));
  const built = await buildBaseline({ stateDir: state, paths: [join(base, 'etc-link'), root, join(root, 'cron.d')], host });
  assert.deepEqual(built.roots, [root]);
});

test('the state directory inside a watched root is never reported', async () => {
  const state = join(root, 'vigil-state');
  await buildBaseline({ stateDir: state, paths: [root], host });
  const { events } = await collect(state);
  assert.deepEqual(events, []);
  await rm(state, { recursive: true });
});
