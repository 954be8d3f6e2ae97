import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dockerContainersCollector } from '../../../src/inventory/collectors/docker-containers.ts';
import { dockerImagesCollector } from '../../../src/inventory/collectors/docker-images.ts';
import { processesCollector } from '../../../src/inventory/collectors/processes.ts';
import { collectTable } from '../fixture-root.ts';
import { bookwormBaseImage, docker } from '../docker-fixture.ts';

const name = `vigil-inventory-test-${process.pid}`;
let id = '';
let running = '';
let image = '';

before(async () => {
  image = await bookwormBaseImage();
  // Created, not started: this machine's capability bounding set lacks CAP_SYS_RESOURCE, which
  // runc must grant a privileged container. Docker keeps and reports its configuration all the same.
  id = docker([
    'create', '--name', name, '--network', 'none', '--privileged',
    '-v', '/var/run/docker.sock:/var/run/docker.sock',
    '--label', 'io.kubernetes.pod.name=web-0', '--label', 'io.kubernetes.pod.namespace=shop',
    '--memory', '64m', '--pids-limit', '50', '--cpus', '0.5', '--cap-add', 'NET_ADMIN', '--user', '0:0',
    image, 'sleep', '300',
  ]);
  running = docker(['run', '-d', '--name', `${name}-running`, '--network', 'none', image, 'sleep', '300']);
});
after(() => {
  for (const c of [id, running]) if (c) docker(['rm', '-f', c]);
});

test('a privileged container with the Docker socket mounted appears with its security settings, limits and pod labels', async () => {
  const { rows } = await collectTable(dockerContainersCollector);
  const c = rows.find((r) => r.id === id);
  assert.ok(c, 'container not listed');
  assert.equal(c.name, name);
  assert.equal(c.image, image);
  assert.match(String(c.image_id), /^sha256:[0-9a-f]{64}$/);
  assert.equal(c.state, 'created');
  assert.equal(c.privileged, true);
  assert.equal(c.docker_socket_mounted, true);
  assert.deepEqual(c.mounts, [{ type: 'bind', source: '/var/run/docker.sock', destination: '/var/run/docker.sock', mode: '', rw: true }]);
  assert.deepEqual(c.cap_add, ['CAP_NET_ADMIN']);
  assert.equal(c.network_mode, 'none');
  assert.equal(c.user, '0:0');
  assert.equal(c.memory_limit, 64 * 1024 * 1024);
  assert.equal(c.pids_limit, 50);
  assert.equal(c.nano_cpus, 500_000_000);
  assert.equal(c.seccomp_profile, 'unconfined');
  assert.equal(c.apparmor_profile, 'unconfined');
  assert.equal(c.pod_name, 'web-0');
  assert.equal(c.pod_namespace, 'shop');
  assert.equal(c.command, 'sleep 300');

});

test("a running container's process is attributed to it in the process table", async () => {
  const r = (await collectTable(dockerContainersCollector)).rows.find((row) => row.id === running);
  assert.equal(r?.state, 'running');
  assert.equal(r.privileged, false);
  assert.equal(r.seccomp_profile, 'default');
  const procs = (await collectTable(processesCollector)).rows;
  const sleeper = procs.find((p) => p.pid === r.pid);
  assert.equal(sleeper?.container_id, running);
  assert.equal(sleeper.cmdline, 'sleep 300');
});

test("the container's image is listed with its tag", async () => {
  const { rows } = await collectTable(dockerImagesCollector);
  assert.ok(rows.some((r) => (r.tags as string[]).includes(image)));
});

test('no daemon on the socket: no containers, no error', async () => {
  assert.deepEqual((await collectTable(dockerContainersCollector, { dockerSocket: '/nonexistent/docker.sock' })).rows, []);
});
