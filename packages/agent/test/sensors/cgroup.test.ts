import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cgroupPathFromProcFile, containerFromCgroupPath } from '../../src/sensors/cgroup.ts';

const ID = 'd41b827194573a1eebe9c8440d54bb64bdb11f48e6485ff9fa22dd10b6e02573';

describe('containerFromCgroupPath', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['docker, cgroupfs driver', `/docker/${ID}`, 'docker'],
    ['docker, systemd driver', `/system.slice/docker-${ID}.scope`, 'docker'],
    ['containerd CRI, systemd driver', `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0a1b_2c3d.slice/cri-containerd-${ID}.scope`, 'containerd'],
    ['CRI-O', `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1234.slice/crio-${ID}.scope`, 'cri-o'],
    ['kubelet cgroupfs', `/kubepods/burstable/pod0a1b2c3d-1111-2222-3333-444455556666/${ID}`, 'cri'],
    ['containerd namespaces', `/system.slice/containerd.service/default-${ID}`, 'containerd'],
    ['podman', `/machine.slice/libpod-${ID}.scope`, 'podman'],
    ['nested cgroup inside a container', `/docker/${ID}/init.scope`, 'docker'],
  ];
  for (const [what, path, runtime] of cases) {
    it(what, () => assert.deepEqual(containerFromCgroupPath(path), { id: ID, runtime }));
  }

  it('is undefined for host cgroups', () => {
    for (const path of ['/', '/user.slice/user-0.slice/session-1.scope', '/system.slice/docker.service', '/process_api/03826caefd651e3420ba734b4f1551cf']) {
      assert.equal(containerFromCgroupPath(path), undefined, path);
    }
  });

  it("does not take CRI-O's conmon monitor for the container", () => {
    assert.equal(containerFromCgroupPath(`/kubepods.slice/crio-conmon-${ID}.scope`), undefined);
  });
});

describe('cgroupPathFromProcFile', () => {
  it('prefers the unified line on a hybrid host', () => {
    const text = `9:name=systemd:/docker/${ID}\n4:memory:/docker/${ID}\n0::/docker/${ID}\n`;
    assert.equal(cgroupPathFromProcFile(text), `/docker/${ID}`);
  });

  it('falls back to a v1 controller when the unified line is the root', () => {
    assert.equal(cgroupPathFromProcFile(`4:memory:/docker/${ID}\n1:cpu:/docker/${ID}\n0::/\n`), `/docker/${ID}`);
  });

  it('reads a cgroup v2 only file', () => {
    assert.equal(cgroupPathFromProcFile(`0::/system.slice/docker-${ID}.scope\n`), `/system.slice/docker-${ID}.scope`);
  });

  it('is undefined for a process in the root cgroup', () => {
    assert.equal(cgroupPathFromProcFile('0::/\n'), undefined);
  });
});
