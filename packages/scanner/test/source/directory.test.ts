import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UserError } from '@vigil/schema';
import { openDirectorySource } from '../../src/source/directory.ts';
import { recorder, tempDir, writeTree } from './image-fixtures.ts';

function tree(root: string): string {
  writeTree(root, new Map([
    ['etc/os-release', Buffer.from('ID=dir\n')],
    ['usr/lib/libz.so', Buffer.from('ELF')],
    ['proc/cpuinfo', Buffer.from('cpu')],
    ['sys/kernel', Buffer.from('k')],
    ['dev/zero', Buffer.from('z')],
    ['run/pid', Buffer.from('1')],
    ['usr/run/kept', Buffer.from('kept')],
    ['node_modules/x/package.json', Buffer.from('{}')],
    ['app/vendor/y', Buffer.from('y')],
  ]));
  chmodSync(join(root, 'usr/lib/libz.so'), 0o755);
  return root;
}

test('walks regular files in sorted order with key "" and never follows symlinks', async (t) => {
  const root = tree(tempDir(t));
  const outside = join(tempDir(t), 'secret');
  writeFileSync(outside, 'do not read');
  symlinkSync('/etc/shadow', join(root, 'etc/shadow-link'));
  symlinkSync('../../../../../../' + outside, join(root, 'etc/escape'));
  symlinkSync(outside, join(root, 'etc/absolute'));
  symlinkSync(resolve(outside, '..'), join(root, 'linked-dir'));
  execFileSync('mkfifo', [join(root, 'etc/fifo')]);
  const rec = recorder();
  const result = await (await openDirectorySource(root, 'fs', rec.opts())).walk(rec.visitor);
  assert.deepEqual(result, { target: { kind: 'fs', name: root }, layers: [{ key: '', whiteouts: [], opaqueDirs: [] }] });
  assert.deepEqual(rec.asked, [
    'app/vendor/y', 'dev/zero', 'etc/os-release', 'node_modules/x/package.json', 'proc/cpuinfo', 'run/pid', 'sys/kernel', 'usr/lib/libz.so', 'usr/run/kept',
  ]);
  assert.deepEqual(rec.delivered.find((d) => d.path === 'usr/lib/libz.so'), { key: '', path: 'usr/lib/libz.so', content: 'ELF', info: { size: 3, mode: 0o755 } });
  assert.ok(!rec.delivered.some((d) => d.content.includes('do not read')));
  assert.deepEqual(rec.warnings, []);
});

test('rootfs scans skip kernel pseudo-filesystems at the root only; skipDirs and the temp dir are skipped', async (t) => {
  const root = tree(tempDir(t));
  mkdirSync(join(root, 'scratch'));
  writeFileSync(join(root, 'scratch/tmp.db'), 'x');
  const rec = recorder();
  const opts = { ...rec.opts({ tempDir: join(root, 'scratch') }), skipDirs: ['node_modules', join(root, 'app/vendor'), '/elsewhere'] };
  await (await openDirectorySource(root, 'rootfs', opts)).walk(rec.visitor);
  assert.deepEqual(rec.asked, ['etc/os-release', 'usr/lib/libz.so', 'usr/run/kept']);
});

test('a 1 TB sparse file at a wanted path is skipped from its size, never read', async (t) => {
  const root = tempDir(t);
  mkdirSync(join(root, 'var/lib/dpkg'), { recursive: true });
  writeFileSync(join(root, 'var/lib/dpkg/status'), '');
  truncateSync(join(root, 'var/lib/dpkg/status'), 1024 ** 4);
  const rec = recorder();
  await (await openDirectorySource(root, 'rootfs', rec.opts())).walk(rec.visitor);
  assert.deepEqual(rec.delivered, []);
  assert.deepEqual(rec.warnings, [`skipping var/lib/dpkg/status: ${1024 ** 4} bytes exceeds the ${64 * 1024 * 1024}-byte file size limit`]);
});

test('a wanted file swapped for a symlink before it is opened is not followed', async (t) => {
  const root = tempDir(t);
  writeFileSync(join(root, 'package.json'), '{}');
  const secret = join(tempDir(t), 'shadow');
  writeFileSync(secret, 'root:$6$hash');
  const rec = recorder((path) => {
    rmSync(join(root, path));
    symlinkSync(secret, join(root, path));
    return true;
  });
  await (await openDirectorySource(root, 'fs', rec.opts())).walk(rec.visitor);
  assert.deepEqual(rec.delivered, []);
  assert.deepEqual(rec.warnings, ['skipping package.json: ELOOP']);
});

test('contents are read only when asked, and not after file() returned', async (t) => {
  const root = tree(tempDir(t));
  let kept: (() => Promise<Buffer>) | undefined;
  const source = await openDirectorySource(root, 'fs', recorder().opts());
  await source.walk({
    wants: (path) => path === 'etc/os-release',
    file: async (_key, file) => {
      kept = file.read;
    },
  });
  await assert.rejects(kept!(), /after file\(\) returned/);
});

test('a missing path or a file is a UserError', async (t) => {
  const dir = tempDir(t);
  await assert.rejects(openDirectorySource(join(dir, 'nope'), 'fs', recorder().opts()), (err: Error) =>
    err instanceof UserError && err.code === 'ENOENT' && err.message === `no such file or directory: ${join(dir, 'nope')}`);
  writeFileSync(join(dir, 'file'), 'x');
  await assert.rejects(openDirectorySource(join(dir, 'file'), 'fs', recorder().opts()), /^UserError: not a directory: /);
});

test('permission errors are warnings and the walk goes on', { skip: process.getuid?.() !== 0 && 'needs root to run a child as nobody' }, async (t) => {
  const root = tempDir(t);
  writeTree(root, new Map([['open/readable', Buffer.from('ok')], ['closed/hidden', Buffer.from('x')], ['private', Buffer.from('p')]]));
  chmodSync(root, 0o755);
  chmodSync(join(root, 'open'), 0o755);
  chmodSync(join(root, 'open/readable'), 0o644);
  chmodSync(join(root, 'closed'), 0o700);
  chmodSync(join(root, 'private'), 0o600);
  // The child's own scratch space (tsx caches compiled modules there).
  const scratch = tempDir(t);
  chmodSync(scratch, 0o777);
  const module = fileURLToPath(new URL('../../src/source/directory.ts', import.meta.url));
  const script = `
    const { openDirectorySource } = await import(${JSON.stringify(module)});
    const warnings = [], delivered = [];
    const source = await openDirectorySource(${JSON.stringify(root)}, 'fs', { maxFileSize: 1e6, maxDecompressedBytes: 1e6, tempDir: '/nonexistent', warn: (m) => warnings.push(m) });
    await source.walk({ wants: () => true, file: async (_k, f) => { delivered.push(f.path + '=' + (await f.read()).toString()); } });
    console.log(JSON.stringify({ warnings, delivered }));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    uid: 65534, gid: 65534, encoding: 'utf8', cwd: fileURLToPath(new URL('../../../..', import.meta.url)), env: { ...process.env, TMPDIR: scratch },
  });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), { warnings: ['skipping private: EACCES', 'skipping directory closed: EACCES'], delivered: ['open/readable=ok'] });
});

test('a tree that contains itself through a bind mount is walked once', { skip: process.getuid?.() !== 0 && 'needs root to mount' }, async (t) => {
  const root = tempDir(t);
  writeFileSync(join(root, 'file'), 'x');
  mkdirSync(join(root, 'loop'));
  if (spawnSync('mount', ['--bind', root, join(root, 'loop')]).status !== 0) return t.skip('mount not permitted here');
  try {
    const rec = recorder();
    await (await openDirectorySource(root, 'fs', rec.opts())).walk(rec.visitor);
    assert.deepEqual(rec.asked, ['file']);
  } finally {
    execFileSync('umount', [join(root, 'loop')]);
  }
});
