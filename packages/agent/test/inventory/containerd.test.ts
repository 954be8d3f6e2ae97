import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http2';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { containerdContainersCollector } from '../../src/inventory/collectors/containerd-containers.ts';
import { containerdImagesCollector } from '../../src/inventory/collectors/containerd-images.ts';
import { collectInventory } from '../../src/index.ts';
import { bookwormBaseImage } from './docker-fixture.ts';
import { collectTable, fixtureRoot } from './fixture-root.ts';

// A containerd of the test's own, its socket where the collector looks under the inventory root.
const ns = 'vtest';
let dir = '';
let socket = '';
let daemon: ChildProcess | undefined;
const image = 'docker.io/vigil-test/bookworm:base';

function ctr(args: string[]): string {
  const r = spawnSync('ctr', ['--address', socket, '-n', ns, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ctr ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

before(async () => {
  const local = await bookwormBaseImage();
  dir = await mkdtemp('/tmp/vigil-containerd-');
  socket = join(dir, 'run/containerd/containerd.sock');
  await mkdir(join(dir, 'run/containerd'), { recursive: true });
  await writeFile(join(dir, 'config.toml'), [
    'version = 2',
    `root = "${dir}/root"`,
    `state = "${dir}/state"`,
    // The CRI plugin would want a CNI setup and a Kubernetes-shaped host; the test needs neither.
    'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
    '[grpc]',
    `  address = "${socket}"`,
  ].join('\n'));
  daemon = spawn('containerd', ['--config', join(dir, 'config.toml')], { stdio: 'ignore' });
  for (let i = 0; spawnSync('ctr', ['--address', socket, 'version'], { stdio: 'ignore' }).status !== 0; i++) {
    if (i === 40) throw new Error('containerd did not come up');
    await new Promise((r) => setTimeout(r, 250));
  }
  const imported = spawnSync('bash', ['-o', 'pipefail', '-c', `docker save ${local} | ctr --address ${socket} -n ${ns} images import -`], { encoding: 'utf8' });
  if (imported.status !== 0) throw new Error(`image import: ${imported.stderr}`);
  // Created, not started: this machine's capability bounding set lacks CAP_SYS_RESOURCE, which
  // runc must grant a privileged container. containerd keeps and reports its spec all the same.
  ctr(['containers', 'create', '--privileged', '--net-host', '--memory-limit', String(64 * 1024 * 1024),
    '--label', 'io.kubernetes.pod.name=web-0', '--label', 'io.kubernetes.pod.namespace=shop',
    '--mount', 'type=bind,src=/run/containerd,dst=/run/containerd,options=rbind:ro',
    image, 'priv', 'sleep', '60']);
  ctr(['run', '-d', '--seccomp', '--cpu-quota', '50000', '--cpu-period', '100000', image, 'running', 'sleep', '60']);
});

after(async () => {
  if (daemon && daemon.exitCode === null) {
    spawnSync('ctr', ['--address', socket, '-n', ns, 'tasks', 'delete', '--force', 'running'], { stdio: 'ignore' });
    for (const id of ['running', 'priv']) spawnSync('ctr', ['--address', socket, '-n', ns, 'containers', 'delete', id], { stdio: 'ignore' });
    daemon.kill();
    await once(daemon, 'exit');
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('containers of a containerd namespace are listed with their labels, task and OCI-spec security facts', async () => {
  const { rows } = await collectTable(containerdContainersCollector, { root: dir });
  // Under this root only the test's daemon answers; the host's containerd is not listed.
  assert.deepEqual(rows.map((r) => [r.socket, r.namespace, r.id]).sort(), [[socket, ns, 'priv'], [socket, ns, 'running']]);

  const priv = rows.find((r) => r.id === 'priv')!;
  assert.equal(priv.image, image);
  assert.equal(priv.runtime, 'io.containerd.runc.v2');
  assert.ok(Date.now() - Date.parse(String(priv.created)) < 60_000, `created ${priv.created}`);
  assert.equal(priv.state, 'created');
  assert.equal(priv.pid, 0);
  assert.equal(priv.command, 'sleep 60');
  assert.equal(priv.user, '0:0');
  assert.equal(priv.privileged, true);
  assert.ok((priv.capabilities as string[]).includes('CAP_SYS_ADMIN'));
  assert.equal(priv.host_network, true);
  assert.equal(priv.host_pid, false);
  assert.equal(priv.memory_limit, 64 * 1024 * 1024);
  assert.equal(priv.seccomp, false);
  assert.equal(priv.apparmor_profile, 'unconfined');
  assert.deepEqual((priv.mounts as { source: string }[]).find((m) => m.source === '/run/containerd'),
    { type: 'bind', source: '/run/containerd', destination: '/run/containerd', mode: 'rbind,ro', rw: false });
  assert.ok((priv.sensitive_mounts as string[]).includes('/run/containerd'));
  assert.equal(priv.runtime_socket_mounted, true);
  assert.equal(priv.pod_name, 'web-0');
  assert.equal(priv.pod_namespace, 'shop');
  assert.equal((priv.labels as Record<string, string>)['io.kubernetes.pod.name'], 'web-0');

  const running = rows.find((r) => r.id === 'running')!;
  assert.equal(running.state, 'running');
  assert.equal(readFileSync(`/proc/${running.pid}/cmdline`, 'utf8'), 'sleep\x0060\x00');
  assert.equal(running.privileged, false);
  assert.equal(running.host_network, false);
  assert.equal(running.seccomp, true);
  assert.equal(running.cpu_quota, 50000);
  assert.equal(running.cpu_period, 100000);
  assert.equal(running.runtime_socket_mounted, false);
  assert.equal(running.pod_name, null);
});

test('images of a containerd namespace are listed with the manifest digest they point at', async () => {
  const { rows } = await collectTable(containerdImagesCollector, { root: dir });
  const listed = ctr(['images', 'list']).split('\n').find((l) => l.startsWith(`${image} `));
  const digest = /sha256:[0-9a-f]{64}/.exec(listed ?? '')?.[0];
  assert.ok(digest, `ctr images list: ${listed}`);
  const row = rows.find((r) => r.name === image);
  assert.equal(row?.namespace, ns);
  assert.equal(row.digest, digest);
  assert.match(String(row.media_type), /manifest|index/);
  assert.ok(Date.now() - Date.parse(String(row.created)) < 60_000, `created ${row.created}`);
});

test('no containerd socket under the root: no rows, no error', async () => {
  const empty = await fixtureRoot({ 'etc/hostname': 'node\n' });
  assert.deepEqual(await collectTable(containerdContainersCollector, { root: empty }), { rows: [], warnings: [] });
});

test('a containerd that answers with a gRPC error fails the table with its message', async () => {
  const root = await fixtureRoot({ 'run/containerd/.keep': '' });
  const server = createServer((_req, res) => {
    // Trailers-only answer, the way containerd refuses a call.
    res.writeHead(200, { 'content-type': 'application/grpc', 'grpc-status': '7', 'grpc-message': 'permission%20denied' });
    res.end();
  });
  server.listen(join(root, 'run/containerd/containerd.sock'));
  await once(server, 'listening');
  after(() => server.close());
  const snapshot = await collectInventory({ root, collectors: [containerdContainersCollector] });
  const table = snapshot.tables.containerd_containers;
  assert.ok('error' in table, 'table did not fail');
  assert.match(table.error, /Namespaces\/List: grpc-status 7: permission denied/);
});
