import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { ProcPollingSensor } from '../../src/sensors/proc-sensor.ts';

describe('ProcPollingSensor (unprivileged fallback)', () => {
  it('reports a new process as exec and its end as exit, not processes present at start', async () => {
    const before = spawn('sleep', ['30'], { argv0: 'vigil-proc-before', stdio: 'ignore' });
    const sensor = new ProcPollingSensor();
    await sensor.start(() => {}, () => {});
    await sensor.stop(); // scans are driven by hand below, so nothing depends on the interval
    const child = spawn('sleep', ['30'], { argv0: 'vigil-proc-sensor', stdio: 'ignore' });
    try {
      let exec;
      while (!exec) {
        exec = sensor.scan().find((r) => r.kind === 'exec' && r.args?.includes('vigil-proc-sensor'));
        if (!exec) await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal(exec.pid, child.pid);
      assert.equal(exec.ppid, process.pid);
      assert.deepEqual(exec.args, ['vigil-proc-sensor', '30']);
      assert.equal(exec.comm, 'sleep');
      assert.equal(sensor.scan().some((r) => r.pid === before.pid), false);
    } finally {
      child.kill();
      await once(child, 'exit');
    }
    const exit = sensor.scan().find((r) => r.kind === 'exit' && r.pid === child.pid);
    assert.ok(exit, 'exit reported');
    before.kill();
    await once(before, 'exit');
    assert.ok(sensor.scan().some((r) => r.kind === 'exit' && r.pid === before.pid), 'exit of a process known from the start');
  });

  it('delivers records through start() on its own interval', async () => {
    const sensor = new ProcPollingSensor(10);
    const seen: string[][] = [];
    await sensor.start((records) => records.forEach((r) => r.args && seen.push(r.args)), () => {});
    const child = spawn('sleep', ['30'], { argv0: 'vigil-proc-interval', stdio: 'ignore' });
    try {
      while (!seen.some((a) => a.includes('vigil-proc-interval'))) await new Promise((r) => setTimeout(r, 10));
    } finally {
      await sensor.stop();
      child.kill();
      await once(child, 'exit');
    }
    assert.equal(sensor.name, 'proc');
    assert.equal(sensor.lost(), 0);
  });
});
