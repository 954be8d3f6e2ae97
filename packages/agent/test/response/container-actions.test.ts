import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { containerAction, type ContainerVerb } from '../../src/response/container-actions.ts';
import { bookwormBaseImage, docker } from '../inventory/docker-fixture.ts';

const SOCKET = '/var/run/docker.sock';
const name = `vagt-response-${process.pid}`;
const state = () => JSON.parse(docker(['inspect', '--format', '{{json .State}}', name])) as { Running: boolean; Paused: boolean };

describe('container response actions (Docker Engine API)', { skip: process.getuid?.() !== 0 && 'needs root' }, () => {
  before(async () => {
    docker(['run', '-d', '--name', name, '--stop-timeout', '1', await bookwormBaseImage(), 'sleep', '300']);
  });
  after(() => docker(['rm', '-f', name]));

  it('pauses and stops a container, and each undo reverses it', async () => {
    const undo = async (r: Awaited<ReturnType<typeof containerAction>>) => {
      assert.equal(r.ok, true, r.message);
      return containerAction(r.undo!.type as ContainerVerb, r.undo!.params, SOCKET);
    };
    const paused = await containerAction('pause_container', { container: name }, SOCKET);
    assert.equal(state().Paused, true);
    assert.equal((await undo(paused)).ok, true);
    assert.equal(state().Paused, false);

    const stopped = await containerAction('stop_container', { container: name }, SOCKET);
    assert.equal(state().Running, false);
    assert.equal((await containerAction('stop_container', { container: name }, SOCKET)).message, `stop_container: ${name} (already so)`);
    assert.equal((await undo(stopped)).ok, true);
    assert.equal(state().Running, true);
  });

  it('reports an unknown container and refuses a malformed name', async () => {
    const missing = await containerAction('stop_container', { container: 'vagt-no-such-container' }, SOCKET);
    assert.equal(missing.ok, false);
    assert.match(missing.message, /HTTP 404/);
    assert.equal((await containerAction('pause_container', { container: '../x' }, SOCKET)).ok, false);
  });
});
