import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { EbpfProcessSensor } from '../../src/sensors/ebpf-sensor.ts';
import { bootNsToTicks, type ProcessRecord } from '../../src/sensors/process-record.ts';
import { readProcStat } from '../../src/sensors/proc-reader.ts';

const root = process.getuid?.() === 0;

describe('EbpfProcessSensor', { skip: !root && 'needs root' }, () => {
  it('reports exec and exit of a short command with argv, cwd, parent and exit status', async () => {
    const sensor = new EbpfProcessSensor();
    const records: ProcessRecord[] = [];
    await sensor.start((rs) => records.push(...rs), (err) => assert.fail(err));
    let child;
    try {
      const long = 'x'.repeat(9000); // argv beyond the 8 KiB read in the kernel
      child = spawn('sh', ['-c', 'exit 3', 'vigil-ebpf-test', long], { cwd: '/usr/share', stdio: 'ignore' });
      await once(child, 'exit');
      while (!records.some((r) => r.kind === 'exit' && r.pid === child!.pid)) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await sensor.stop();
    }
    const exec = records.find((r) => r.kind === 'exec' && r.pid === child.pid)!;
    assert.deepEqual(exec.args?.slice(0, 4), ['sh', '-c', 'exit 3', 'vigil-ebpf-test']);
    assert.equal(exec.argsTruncated, true);
    assert.equal(exec.executable, '/usr/bin/sh');
    assert.equal(exec.cwd, '/usr/share');
    assert.equal(exec.ppid, process.pid);
    // Start times agree with /proc's ticks, so entity ids agree with every /proc reader.
    assert.equal(bootNsToTicks(exec.parentStartBootNs!), readProcStat(process.pid)!.startTicks);
    assert.equal(exec.uid, 0);
    assert.ok(exec.startNs! <= exec.timeNs && exec.timeNs - exec.startNs! < 60_000_000_000n, 'start before exec, on the wall clock');
    const exit = records.find((r) => r.kind === 'exit' && r.pid === child.pid)!;
    assert.equal(exit.exitStatus, 3 << 8);
    assert.equal(exit.startBootNs, exec.startBootNs);
    assert.ok(exec.timeNs <= exit.timeNs && Math.abs(Number(exec.timeNs / 1_000_000n) - Date.now()) < 60_000, 'wall-clock time');
    assert.equal(sensor.lost(), 0);
  });

  it('stops cleanly and starts again', async () => {
    const sensor = new EbpfProcessSensor();
    await sensor.start(() => {}, (err) => assert.fail(err));
    await sensor.stop();
    const records: ProcessRecord[] = [];
    await sensor.start((rs) => records.push(...rs), (err) => assert.fail(err));
    try {
      const child = spawn('true', [], { stdio: 'ignore' });
      await once(child, 'exit');
      while (!records.some((r) => r.kind === 'exec' && r.pid === child.pid)) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await sensor.stop();
    }
  });
});
