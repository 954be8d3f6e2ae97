import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { IpBlocklist } from '../../src/response/ip-blocklist.ts';

const root = process.getuid?.() === 0;
const ns = `vagt-block-${process.pid}`;
const inNs = (...args: string[]) => execFileSync('ip', ['netns', 'exec', ns, ...args], { encoding: 'utf8' });

/** Whether 10.77.0.2 can reach a TCP listener on 10.77.0.1 inside the namespace. */
function reachable(): boolean {
  const script = `
import socket, sys, threading
srv = socket.socket(); srv.bind(('10.77.0.1', 0)); srv.listen(1)
threading.Thread(target=lambda: srv.accept(), daemon=True).start()
c = socket.socket(); c.bind(('10.77.0.2', 0)); c.settimeout(0.5)
try:
    c.connect(srv.getsockname()); print('yes')
except OSError:
    print('no')`;
  return inNs('python3', '-c', script).trim() === 'yes';
}

describe('IpBlocklist (nftables, in a network namespace of its own)', { skip: !root && 'needs root' }, () => {
  const blocklist = new IpBlocklist(['ip', 'netns', 'exec', ns, 'nft']);
  const hostTables = () => spawnSync('nft', ['list', 'tables'], { encoding: 'utf8' }).stdout;
  let hostBefore = '';
  before(() => {
    hostBefore = hostTables();
    execFileSync('ip', ['netns', 'add', ns]);
    inNs('ip', 'link', 'set', 'lo', 'up');
    inNs('ip', 'addr', 'add', '10.77.0.1/32', 'dev', 'lo');
    inNs('ip', 'addr', 'add', '10.77.0.2/32', 'dev', 'lo');
  });
  after(() => execFileSync('ip', ['netns', 'delete', ns]));

  it('blocks an address in its own table, reversibly, without touching the host', async () => {
    assert.equal(reachable(), true, 'reachable before the block');
    const blocked = await blocklist.block({ ip: '10.77.0.2' });
    assert.equal(blocked.ok, true, blocked.message);
    assert.deepEqual(blocked.undo, { type: 'unblock_ip', params: { ip: '10.77.0.2' } });
    assert.equal(reachable(), false, 'dropped once blocked');
    assert.deepEqual(await blocklist.list(), ['10.77.0.2']);
    assert.equal((await blocklist.block({ ip: '10.77.0.2' })).ok, true, 'blocking twice is harmless');
    assert.equal((await blocklist.block({ ip: '2001:db8::7' })).ok, true);
    assert.equal(hostTables(), hostBefore, "the host's ruleset is not touched");

    const unblocked = await blocklist.unblock(blocked.undo!.params);
    assert.equal(unblocked.ok, true, unblocked.message);
    assert.equal(reachable(), true, 'reachable again');
    assert.deepEqual(await blocklist.list(), ['2001:db8::7']);
    await blocklist.removeAll();
    assert.doesNotMatch(inNs('nft', 'list', 'tables'), /vigil/);
  });

  it('refuses what is not an address', async () => {
    const r = await blocklist.block({ ip: '10.0.0.300' });
    assert.equal(r.ok, false);
    assert.match(r.message, /^block_ip: ip must be/);
  });
});
