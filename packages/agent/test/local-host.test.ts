import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { localHost } from '../src/local-host.ts';

test('the host id is the machine id when there is one, and the name is the hostname', () => {
  const host = localHost();
  const machineId = existsSync('/etc/machine-id') ? readFileSync('/etc/machine-id', 'utf8').trim() : '';
  assert.equal(host.id, machineId || hostname());
  assert.equal(host.name, hostname());
  assert.ok(host.id.length > 0);
});
