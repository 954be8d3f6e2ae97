import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ACTION_LOG, ActionRunner } from '../../src/response/action-runner.ts';
import { responseActions } from '../../src/response/registry.ts';

describe('ActionRunner', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vagt-actions-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('dispatches by type through the registry and logs every action with its result and undo', async () => {
    const runner = new ActionRunner(responseActions({ hostId: 'h', quarantineStore: join(dir, 'store') }), join(dir, 'state'));
    const unknown = await runner.run({ id: 'a1', type: 'reboot_host', params: {} });
    assert.equal(unknown.ok, false);
    assert.match(unknown.message, /unknown action type 'reboot_host' \(known: kill_process, stop_container, .*block_ip, unblock_ip\)/);
    const bad = await runner.run({ id: 'a2', type: 'block_ip', params: { ip: 'nope' } });
    assert.equal(bad.ok, false);
    const victim = join(dir, 'dropper.sh');
    writeFileSync(victim, 'echo pwned\n');
    const quarantined = await runner.run({ id: 'a3', type: 'quarantine_file', params: { path: victim } });
    assert.equal(quarantined.ok, true, quarantined.message);
    assert.equal(existsSync(victim), false);
    const log = readFileSync(join(dir, 'state', ACTION_LOG), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      log.map((l) => [l.id, l.type, l.ok]),
      [
        ['a1', 'reboot_host', false],
        ['a2', 'block_ip', false],
        ['a3', 'quarantine_file', true],
      ],
    );
    assert.equal((log[2].undo as { type: string }).type, 'restore_file', 'the undo is in the log');
    assert.equal(log[1].message, bad.message);
    assert.equal(statSync(join(dir, 'state', ACTION_LOG)).mode & 0o777, 0o600);
  });
});
