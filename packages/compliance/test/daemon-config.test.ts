/** dockerd's options as the Docker checks read them: flag forms in argv, then daemon.json keys. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonOption, flagValues } from '../src/docker/daemon-config.ts';

test('flag values: --name=v, --name v, a bare boolean, repeated flags, short -H', () => {
  const argv = ['--icc=false', '--insecure-registry', 'a:5000', '--insecure-registry=b:5000', '--live-restore', '-H', 'tcp://0.0.0.0:2375', '--log-level', '--debug'];
  assert.deepEqual(flagValues(argv, 'icc'), ['false']);
  assert.deepEqual(flagValues(argv, 'insecure-registry'), ['a:5000', 'b:5000']);
  assert.deepEqual(flagValues(argv, 'live-restore'), ['true']);
  assert.deepEqual(flagValues(argv, 'H'), ['tcp://0.0.0.0:2375']);
  assert.deepEqual(flagValues(argv, 'log-level'), ['true'], 'a flag followed by another flag has no value');
  assert.deepEqual(flagValues(argv, 'userland-proxy'), []);
});

test('an option is the flags plus daemon.json, lists and maps flattened', () => {
  const config = {
    flags: ['--insecure-registry=a:5000'],
    running: true,
    jsonPath: '/etc/docker/daemon.json',
    json: { 'insecure-registries': ['c:5000'], 'log-opts': { 'max-size': '10m' }, icc: false },
  };
  assert.deepEqual(daemonOption(config, 'insecure-registry', 'insecure-registries'), ['a:5000', 'c:5000']);
  assert.deepEqual(daemonOption(config, 'log-opt', 'log-opts'), ['max-size=10m']);
  assert.deepEqual(daemonOption(config, 'icc'), ['false']);
});
