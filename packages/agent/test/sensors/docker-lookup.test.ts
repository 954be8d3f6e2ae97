import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { bookwormImages } from '../../../cli/test-support/run-cli.ts';
import { containerInfoFromInspect, DockerContainerLookup, splitImageReference } from '../../src/sensors/docker-lookup.ts';

describe('splitImageReference', () => {
  it('splits a tag but not a registry port or a digest', () => {
    assert.deepEqual(splitImageReference('nginx:1.25'), { name: 'nginx', tag: '1.25' });
    assert.deepEqual(splitImageReference('registry:5000/team/app'), { name: 'registry:5000/team/app' });
    assert.deepEqual(splitImageReference('registry:5000/team/app:v2'), { name: 'registry:5000/team/app', tag: 'v2' });
    assert.deepEqual(splitImageReference('app@sha256:abcd'), { name: 'app@sha256:abcd' });
  });
});

describe('containerInfoFromInspect', () => {
  it('reads name, image, privilege and Kubernetes pod labels', () => {
    const info = containerInfoFromInspect({
      Name: '/k8s_web',
      Config: { Image: 'nginx:1.25', Labels: { 'io.kubernetes.pod.name': 'web-0', 'io.kubernetes.pod.namespace': 'prod' } },
      HostConfig: { Privileged: true },
    });
    assert.deepEqual(info, { name: 'k8s_web', image: { name: 'nginx', tag: '1.25' }, privileged: true, k8s: { pod: 'web-0', namespace: 'prod' } });
  });
});

const docker = existsSync('/var/run/docker.sock');

describe('DockerContainerLookup', { skip: !docker && 'no Docker engine' }, () => {
  before(() => bookwormImages());

  it('looks a running container up once and caches it', async () => {
    const id = execFileSync('docker', ['run', '-d', '--rm', '--network', 'none', '--name', `vigil-lookup-${process.pid}`, 'vigil-test/bookworm:base', 'sleep', '30'], { encoding: 'utf8' }).trim();
    try {
      const lookup = new DockerContainerLookup();
      const info = await lookup.lookup(id);
      assert.deepEqual(info, { name: `vigil-lookup-${process.pid}`, image: { name: 'vigil-test/bookworm', tag: 'base' }, privileged: false, k8s: undefined });
      assert.equal(lookup.lookup(id), lookup.lookup(id), 'one cached lookup per id');
    } finally {
      execFileSync('docker', ['rm', '-f', id], { stdio: 'ignore' });
    }
  });

  it('answers undefined for an unknown id and without a Docker socket', async () => {
    assert.equal(await new DockerContainerLookup().lookup('0'.repeat(64)), undefined);
    assert.equal(await new DockerContainerLookup('/nonexistent/docker.sock').lookup('0'.repeat(64)), undefined);
  });
});
