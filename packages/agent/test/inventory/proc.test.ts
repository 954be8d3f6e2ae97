import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerId } from '../../src/inventory/proc.ts';

const ID = 'a'.repeat(12) + '0123456789abcdef'.repeat(3) + 'b'.repeat(4);

test('container id from the cgroup paths of each runtime', () => {
  assert.equal(ID.length, 64);
  assert.equal(containerId(`0::/system.slice/docker-${ID}.scope\n`), ID);
  assert.equal(containerId(`12:memory:/docker/${ID}\n1:name=systemd:/docker/${ID}\n`), ID);
  assert.equal(containerId(`0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1234.slice/cri-containerd-${ID}.scope\n`), ID);
  assert.equal(containerId(`0::/kubepods/burstable/pod5f0c/crio-${ID}\n`), ID);
  assert.equal(containerId(`0::/machine.slice/libpod-${ID}.scope\n`), ID);
});

test('a host process has no container id', () => {
  assert.equal(containerId('0::/user.slice/user-1000.slice/session-3.scope\n'), null);
  assert.equal(containerId('0::/\n'), null);
});
