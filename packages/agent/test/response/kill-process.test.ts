import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { processEntityId } from '@vigil/schema';
import { killProcess, processTree } from '../../src/response/kill-process.ts';
import { readProcStat } from '../../src/sensors/proc-reader.ts';

const alive = (pid: number) => readProcStat(pid) !== undefined && !/^[ZX]/.test(stateOf(pid));
function stateOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? 'X';
  } catch {
    return 'X';
  }
}

/** A shell whose children and grandchild sleep; resolves with the pids of the whole tree. */
async function tree(): Promise<{ root: ReturnType<typeof spawn>; pids: number[] }> {
  const root = spawn('bash', ['-c', 'sleep 300 & bash -c "sleep 300 & wait" & wait'], { stdio: 'ignore' });
  await once(root, 'spawn');
  for (let i = 0; processTree(root.pid!).length < 4; i++) {
    if (i > 200) throw new Error(`tree did not form: ${processTree(root.pid!).join(' ')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return { root, pids: processTree(root.pid!) };
}

describe('kill_process', () => {
  it('kills a process and every descendant', async () => {
    const { root, pids } = await tree();
    const exited = once(root, 'exit');
    const r = await killProcess({ pid: root.pid! }, 'h');
    assert.equal(r.ok, true, r.message);
    assert.equal(r.undo, undefined, 'a kill cannot be undone');
    await exited;
    for (let i = 0; pids.some(alive) && i < 200; i++) await new Promise((res) => setTimeout(res, 10));
    assert.deepEqual(pids.filter(alive), [], 'no descendant survives');
  });

  it('refuses a pid that belongs to another process than the one named', async () => {
    const { root, pids } = await tree();
    try {
      const start = readProcStat(root.pid!)!.startTicks;
      const stale = await killProcess({ pid: root.pid!, start_ticks: start + 1 }, 'h');
      assert.equal(stale.ok, false);
      const wrongEntity = await killProcess({ pid: root.pid!, entity_id: processEntityId('h', root.pid!, start + 1) }, 'h');
      assert.equal(wrongEntity.ok, false);
      assert.ok(pids.every(alive));
      const right = await killProcess({ pid: root.pid!, entity_id: processEntityId('h', root.pid!, start), signal: 'SIGTERM' }, 'h');
      assert.equal(right.ok, true, right.message);
    } finally {
      for (const p of pids) if (alive(p)) process.kill(p, 'SIGKILL');
    }
  });

  it('refuses init, itself and bad params', async () => {
    assert.equal((await killProcess({ pid: 1 }, 'h')).ok, false);
    assert.equal((await killProcess({ pid: process.pid }, 'h')).ok, false);
    assert.match((await killProcess({ pid: 'x' }, 'h')).message, /^kill_process: /);
  });
});
