import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEFAULT_FIM_PATHS, isWithin, resolveRoots } from '../../src/fim/roots.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-roots-'));
  await mkdir(join(dir, 'usr/bin'), { recursive: true });
  await symlink('usr/bin', join(dir, 'bin'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('isWithin is by path component, not by string prefix', () => {
  assert.ok(isWithin('/etc', '/etc'));
  assert.ok(isWithin('/etc/ssh/sshd_config', '/etc'));
  assert.ok(!isWithin('/etcetera', '/etc'));
  assert.ok(isWithin('/anything', '/'));
});

test('merged-/usr links, nested roots and missing paths are resolved', async () => {
  const r = await resolveRoots([join(dir, 'bin'), join(dir, 'usr/bin'), join(dir, 'usr'), join(dir, 'gone')]);
  assert.deepEqual(r.roots, [join(dir, 'usr')]);
  assert.deepEqual(r.missing, [join(dir, 'gone')]);
});

test('the defaults name the brief’s system paths', () => {
  for (const p of ['/etc', '/usr/bin', '/usr/lib/systemd', '/root/.ssh']) assert.ok(DEFAULT_FIM_PATHS.includes(p));
});
