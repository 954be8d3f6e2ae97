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
    cache.delete(10, 200);
    assert.equal(cache.size, 1, 'deleting another process with the same pid keeps the entry');
    cache.delete(10, 100);
    assert.equal(cache.size, 0);
  });

  it('is bounded, evicting the least recently set', () => {
    const cache = new ProcessCache(3);
    for (const pid of [1, 2, 3]) cache.set(proc(pid, 0));
    cache.set(proc(1, 0)); // refreshed
    cache.set(proc(4, 0));
    assert.equal(cache.size, 3);
    assert.equal(cache.get(2), undefined);
    assert.ok(cache.get(1) && cache.get(3) && cache.get(4));
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
