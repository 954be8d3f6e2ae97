import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container } from '../app/api/types.ts';
import { containerRisks } from '../app/components/containerRisks.ts';

const hardened: Container = {
  host_id: 'h',
  id: 'c1',
  name: 'web',
  image: 'nginx:1.27',
  state: 'running',
  user: 'nginx',
  privileged: false,
  cap_add: [],
  network_mode: 'bridge',
  pid_mode: '',
  ipc_mode: 'private',
  readonly_rootfs: true,
  memory_limit: 268435456,
  pids_limit: 100,
  seccomp_profile: 'default',
  docker_socket_mounted: false,
  mounts: [{ type: 'volume', source: '/var/lib/docker/volumes/x', destination: '/data', mode: '', rw: true }],
};

test('a hardened container has no risk; each risky setting is named with its CIS recommendation', () => {
  assert.deepEqual(containerRisks(hardened), []);
  const risky: Container = {
    ...hardened,
    privileged: true,
    user: '',
    network_mode: 'host',
    cap_add: ['CAP_SYS_ADMIN'],
    readonly_rootfs: false,
    memory_limit: 0,
    pids_limit: 0,
    seccomp_profile: 'unconfined',
    docker_socket_mounted: true,
    mounts: [{ type: 'bind', source: '/etc/', destination: '/host-etc', mode: 'rw', rw: true }],
  };
  assert.deepEqual(
    containerRisks(risky).map((r) => `${r.id}:${r.severity}:${r.cis}`),
    ['privileged:critical:5.5', 'docker_socket:critical:5.32', 'sensitive_mount:high:5.6', 'host_network:high:5.10', 'capabilities:high:5.4', 'root_user:medium:4.1', 'writable_rootfs:low:5.13', 'no_memory_limit:low:5.11', 'no_pids_limit:low:5.29'],
  );
  // Privileged already implies no seccomp: reported once, as privileged.
  assert.ok(!containerRisks(risky).some((r) => r.id === 'seccomp'));
  assert.deepEqual(containerRisks({ ...hardened, seccomp_profile: 'unconfined', user: 'root:root' }).map((r) => r.id), ['seccomp', 'root_user']);
});
