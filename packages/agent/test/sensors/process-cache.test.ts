import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProcessCache, type CachedProcess } from '../../src/sensors/process-cache.ts';

function proc(pid: number, ppid: number, startTicks = pid * 10): CachedProcess {
  return { pid, ppid, startTicks, entityId: `e${pid}-${startTicks}`, name: `p${pid}` };
}

describe('ProcessCache', () => {
  it('tells a reused pid from the process it cached', () => {
    const cache = new ProcessCache();
    cache.set(proc(10, 1, 100));
    assert.equal(cache.get(10, 100)?.entityId, 'e10-100');
    assert.equal(cache.get(10, 200), undefined);
    assert.equal(cache.get(10)?.entityId, 'e10-100');
    cache.exited(10, 200, 0n);
    assert.equal(cache.size, 1, 'the exit of another process with the same pid keeps the entry');
    cache.exited(10, 100, 0n);
    assert.equal(cache.size, 0);
  });

  it('is bounded, evicting the least recently set', () => {
    const cache = new ProcessCache({ maxLive: 3 });
    for (const pid of [1, 2, 3]) cache.set(proc(pid, 0));
    cache.set(proc(1, 0)); // refreshed
    cache.set(proc(4, 0));
    assert.equal(cache.size, 3);
    assert.equal(cache.get(2), undefined);
    assert.ok(cache.get(1) && cache.get(3) && cache.get(4));
  });

  it('still resolves the ancestry of a child whose parent and grandparent have exited', () => {
    const cache = new ProcessCache();
    for (const p of [proc(1, 0), { ...proc(50, 1), parentStartTicks: 10 }, { ...proc(60, 50), parentStartTicks: 500 }, { ...proc(70, 60), parentStartTicks: 600 }]) cache.set(p);
    cache.exited(50, 500, 1_000n);
    cache.exited(60, 600, 2_000n);
    assert.equal(cache.get(60), undefined, 'an exited process is no live one');
    assert.equal(cache.get(60, 600)?.pid, 60, 'but resolves by pid and start');
    assert.deepEqual(cache.ancestorsOf(cache.get(70)).map((p) => p.pid), [60, 50, 1]);
  });

  it('keeps an exited process apart from a new one that reuses its pid', () => {
    const cache = new ProcessCache();
    cache.set(proc(1, 0));
    cache.set(proc(60, 1, 600));
    cache.set({ ...proc(70, 60), parentStartTicks: 600 });
    cache.exited(60, 600, 0n);
    cache.set({ ...proc(60, 99, 900), name: 'reused' });
    assert.deepEqual(cache.ancestorsOf(cache.get(70)).map((p) => `${p.name}@${p.startTicks}`), ['p60@600', 'p1@10']);
  });

  it('forgets exited processes past the grace period and beyond the count bound', () => {
    const cache = new ProcessCache({ maxExited: 2, exitedGraceNs: 100n });
    for (const pid of [11, 12, 13]) cache.set(proc(pid, 1));
    cache.exited(11, 110, 0n);
    cache.exited(12, 120, 50n);
    assert.equal(cache.exitedSize, 2);
    cache.exited(13, 130, 60n);
    assert.equal(cache.exitedSize, 2, 'count bound');
    assert.equal(cache.get(11, 110), undefined, 'the longest-exited goes first');
    cache.expire(155n);
    assert.equal(cache.get(12, 120), undefined, 'past the grace period');
    assert.equal(cache.get(13, 130)?.pid, 13, 'within it');
    cache.expire(161n);
    assert.equal(cache.exitedSize, 0);
  });

  it('asks for a link it lacks, with the start it expects', () => {
    const cache = new ProcessCache();
    cache.set({ ...proc(70, 60), parentStartTicks: 600 });
    const asked: string[] = [];
    const lookup = (pid: number, start?: number) => {
      asked.push(`${pid}@${start}`);
      return pid === 60 ? proc(60, 1, 600) : undefined;
    };
    assert.deepEqual(cache.ancestorsOf(cache.get(70), lookup).map((p) => p.pid), [60]);
    assert.deepEqual(asked, ['60@600', '1@undefined']);
  });

  it('walks ancestors nearest first and stops at init or a loop', () => {
    const cache = new ProcessCache();
    for (const p of [proc(1, 0), proc(50, 1), proc(60, 50), proc(70, 60)]) cache.set(p);
    assert.deepEqual(cache.ancestorsOf(cache.get(70)).map((p) => p.pid), [60, 50, 1]);
    cache.set(proc(80, 90));
    cache.set(proc(90, 80));
    assert.deepEqual(cache.ancestorsOf(cache.get(80)).map((p) => p.pid), [90, 80]);
    assert.deepEqual(cache.ancestorsOf(undefined), []);
  });
});
