import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { test } from 'node:test';
import { processesCollector } from '../../../src/inventory/collectors/processes.ts';
import { collectTable } from '../fixture-root.ts';

test("the test's own process appears with parent, executable, its SHA-256, command line, user and start time", async () => {
  const before = Date.now();
  const { rows } = await collectTable(processesCollector);
  const self = rows.find((r) => r.pid === process.pid);
  assert.ok(self);
  assert.equal(self.parent, process.ppid);
  assert.equal(self.path, process.execPath);
  assert.equal(self.sha256, createHash('sha256').update(await readFile(process.execPath)).digest('hex'));
  assert.match(String(self.cmdline), /processes\.test\.ts/);
  assert.equal(self.uid, process.getuid!());
  assert.equal(self.username, userInfo().username);
  // The kernel records the start in clock ticks since boot: within a tick of the process's own clock.
  const started = Date.parse(String(self.start_time));
  assert.ok(Math.abs(started - (before - process.uptime() * 1000)) < 5_000, `start_time ${self.start_time}`);
  assert.equal(self.container_id, null);
  const init = rows.find((r) => r.pid === 1);
  assert.ok(init && init.parent === 0);
});
