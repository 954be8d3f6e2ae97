import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '@vigil/schema';
import { openArchiveFile } from '../../src/source/archive-file.ts';
import { dockerEndpoint, openDaemonImage } from '../../src/source/docker-daemon.ts';
import { recorder, tarOf, tempDir } from './image-fixtures.ts';

const dockerUp = spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;

test('DOCKER_HOST selects the endpoint', () => {
  assert.deepEqual(dockerEndpoint({}), { label: 'unix:///var/run/docker.sock', socketPath: '/var/run/docker.sock' });
  assert.deepEqual(dockerEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }), { label: 'unix:///run/user/1000/docker.sock', socketPath: '/run/user/1000/docker.sock' });
  assert.deepEqual(dockerEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }), { label: 'tcp://10.0.0.5:2375', host: '10.0.0.5', port: 2375 });
  assert.throws(() => dockerEndpoint({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' }), UserError);
  assert.throws(() => dockerEndpoint({ DOCKER_HOST: 'ssh://me@host' }), /unsupported DOCKER_HOST: ssh:\/\/me@host/);
});

test('an unreachable daemon is a UserError', async () => {
  const endpoint = { label: 'unix:///nonexistent/docker.sock', socketPath: '/nonexistent/docker.sock' };
  await assert.rejects(openDaemonImage('alpine', recorder().opts(), endpoint), (err: Error) =>
    err instanceof UserError && err.code === 'DOCKER_UNREACHABLE' && err.message === 'Docker daemon unreachable at unix:///nonexistent/docker.sock (ENOENT)');
});

test('an image of the local daemon walks like its docker save archive', { skip: !dockerUp && 'Docker daemon not running' }, async (t) => {
  const dir = tempDir(t);
  const name = `vigil-source-test-${process.pid}:1`;
  const rootfs = join(dir, 'rootfs.tar');
  writeFileSync(rootfs, await tarOf([
    { name: 'etc/', type: 'directory' },
    { name: 'etc/os-release', content: 'ID=vigiltest\nVERSION_ID=1\n' },
    { name: 'lib/apk/db/installed', content: 'P:musl\nV:1.2.4-r2\n\n' },
    { name: 'usr/bin/tool', content: '#!/bin/sh\necho hi\n', mode: 0o755 },
    { name: 'etc/link', type: 'symlink', linkname: '/etc/shadow' },
  ]));
  execFileSync('docker', ['import', rootfs, name], { stdio: 'ignore' });
  t.after(() => spawnSync('docker', ['rmi', '-f', name], { stdio: 'ignore' }));

  const byName = recorder();
  const progress: number[] = [];
  const daemonResult = await (await openDaemonImage(name, byName.opts())).walk({ ...byName.visitor, progress: (done) => progress.push(done) });

  const saved = join(dir, 'saved.tar');
  execFileSync('docker', ['save', '-o', saved, name]);
  const byArchive = recorder();
  const archiveResult = await (await openArchiveFile(saved, saved, {}, byArchive.opts())).walk(byArchive.visitor);

  assert.deepEqual(byName.delivered, byArchive.delivered);
  assert.deepEqual(byName.delivered.map((d) => d.path).sort(), ['etc/os-release', 'lib/apk/db/installed', 'usr/bin/tool']);
  assert.deepEqual(daemonResult.layers, archiveResult.layers);
  assert.equal(daemonResult.layers.length, 1);
  const inspect = JSON.parse(execFileSync('docker', ['image', 'inspect', name], { encoding: 'utf8' }))[0];
  assert.equal(daemonResult.target.imageId, inspect.Id);
  assert.equal(archiveResult.target.imageId, inspect.Id);
  assert.deepEqual(daemonResult.target.repoTags, [name]);
  assert.deepEqual(daemonResult.target.layers, inspect.RootFS.Layers.map((digest: string) => ({ digest })));
  assert.ok(progress.length > 0 && progress.at(-1)! > 0);
});

test('an image the daemon does not have is a UserError', { skip: !dockerUp && 'Docker daemon not running' }, async () => {
  const name = `vigil-no-such-image-${process.pid}:none`;
  await assert.rejects(openDaemonImage(name, recorder().opts()), (err: Error) =>
    err instanceof UserError && err.code === 'NOT_FOUND' && err.message === `image not found: ${name}`);
});
