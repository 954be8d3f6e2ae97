import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { parseProcStat, readProcessRecord, readProcStat, ttyName } from '../../src/sensors/proc-reader.ts';

describe('parseProcStat', () => {
  it('reads ppid, tty and start time after a comm holding spaces and parentheses', () => {
    const fields = ['S', '77', '88', '88', '34816', '-1', ...Array(13).fill('0'), '123456', '0'];
    const stat = parseProcStat(`4242 (a) (b c) ${fields.join(' ')}`);
    assert.deepEqual(stat, { comm: 'a) (b c', ppid: 77, ttyNr: 34816, startTicks: 123456 });
  });

  it('is undefined for a truncated line', () => {
    assert.equal(parseProcStat('4242 (x'), undefined);
  });
});

describe('ttyName', () => {
  it('names pseudo terminals and consoles', () => {
    assert.equal(ttyName(0), undefined);
    assert.equal(ttyName((136 << 8) | 3), 'pts/3');
    assert.equal(ttyName((137 << 8) | 1), 'pts/257');
    assert.equal(ttyName((4 << 8) | 1), 'tty1');
  });
});

describe('readProcessRecord', () => {
  it('reads a live process as an exec record', async () => {
    const child = spawn('sleep', ['30'], { argv0: 'vigil-proc-reader', cwd: '/tmp', stdio: 'ignore' });
    try {
      // The child may still be node until it has exec'd sleep: read until argv shows it.
      let r = readProcessRecord(child.pid!, 1n);
      while (r?.args?.[0] !== 'vigil-proc-reader') {
        await new Promise((res) => setTimeout(res, 10));
        r = readProcessRecord(child.pid!, 1n);
      }
      assert.deepEqual(r.args, ['vigil-proc-reader', '30']);
      assert.equal(r.ppid, process.pid);
      assert.equal(r.comm, 'sleep');
      assert.equal(r.cwd, '/tmp');
      assert.match(r.executable ?? '', /\/sleep$/);
      assert.equal(r.uid, process.getuid!());
      assert.equal(r.startBootNs, BigInt(readProcStat(child.pid!)!.startTicks) * 10_000_000n);
      // Started within the last minute by the wall clock.
      assert.ok(Math.abs(Number(r.startNs! / 1_000_000n) - Date.now()) < 60_000);
      assert.equal(r.parentStartBootNs, BigInt(readProcStat(process.pid)!.startTicks) * 10_000_000n);
    } finally {
      child.kill();
      await once(child, 'exit');
    }
  });

  it('is undefined for a process that has gone', async () => {
    const child = spawn('true');
    await once(child, 'exit');
    assert.equal(readProcessRecord(child.pid!, 1n), undefined);
  });
});
