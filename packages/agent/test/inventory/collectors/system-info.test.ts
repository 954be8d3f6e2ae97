import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { systemInfoCollector } from '../../../src/inventory/collectors/system-info.ts';
import { collectTable, fixtureRoot } from '../fixture-root.ts';

test('host name and kernel from the live host, machine id from the root, and the agent version', async () => {
  const root = await fixtureRoot({ '/etc/machine-id': '0123456789abcdef0123456789abcdef\n' });
  const [info] = (await collectTable(systemInfoCollector, { root })).rows;
  assert.equal(info.hostname, hostname());
  assert.equal(info.kernel_version, readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
  assert.equal(info.machine_id, '0123456789abcdef0123456789abcdef');
  assert.equal(info.agent_version, JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version);
  assert.ok(Number(info.cpu_logical_cores) >= 1);
});
