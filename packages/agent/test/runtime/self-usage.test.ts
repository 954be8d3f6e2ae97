import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SelfUsage } from '../../src/runtime/self-usage.ts';

test('a sample reports the process RSS and the CPU share spent since the previous sample', () => {
  const usage = new SelfUsage();
  const until = process.cpuUsage().user + 50_000;
  while (process.cpuUsage().user < until); // 50 ms of this process's own CPU
  const busy = usage.sample();
  assert.ok(busy.cpu_percent > 0, `busy sample: ${busy.cpu_percent} %`);
  assert.ok(busy.cpu_percent <= 100 * 64, 'a share of the cores, not a raw microsecond count');
  const rss = process.memoryUsage.rss();
  assert.ok(Math.abs(busy.rss_bytes - rss) < rss / 2, `rss ${busy.rss_bytes} vs ${rss}`);
});
