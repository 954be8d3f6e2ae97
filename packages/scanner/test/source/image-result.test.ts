import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageResult } from '../../src/source/image-result.ts';

const plan = {
  imageId: 'sha256:cfg',
  repoTags: ['app:1'],
  architecture: 'arm64',
  layers: [
    { path: 'a/layer.tar', diffId: 'sha256:a', createdBy: 'ADD x' },
    { path: 'b/layer.tar', diffId: 'sha256:b' },
    { path: 'a/layer.tar', diffId: 'sha256:a' },
  ],
};

test('one record per planned layer, in order, each with its own change lists', () => {
  const changes = { whiteouts: ['etc/x'], opaqueDirs: ['usr'] };
  const result = imageResult('app.tar', plan, (path) => ({ key: `k:${path}`, changes }));
  assert.deepEqual(result.target, {
    kind: 'image', name: 'app.tar', imageId: 'sha256:cfg', repoTags: ['app:1'], architecture: 'arm64',
    layers: [{ digest: 'sha256:a', createdBy: 'ADD x' }, { digest: 'sha256:b' }, { digest: 'sha256:a' }],
  });
  assert.deepEqual(result.layers.map((l) => [l.key, l.digest, l.createdBy]), [['k:a/layer.tar', 'sha256:a', 'ADD x'], ['k:b/layer.tar', 'sha256:b', undefined], ['k:a/layer.tar', 'sha256:a', undefined]]);
  result.layers[0].whiteouts.push('mutated');
  assert.deepEqual(result.layers[2].whiteouts, ['etc/x']);
});

test('what the daemon knows overrides the archive', () => {
  const result = imageResult('app:1', plan, () => ({ key: 'k', changes: { whiteouts: [], opaqueDirs: [] } }), {
    imageId: 'sha256:daemon', repoTags: ['app:1', 'app:latest'], repoDigests: ['app@sha256:d'],
  });
  assert.equal(result.target.imageId, 'sha256:daemon');
  assert.deepEqual(result.target.repoTags, ['app:1', 'app:latest']);
  assert.deepEqual(result.target.repoDigests, ['app@sha256:d']);
});
