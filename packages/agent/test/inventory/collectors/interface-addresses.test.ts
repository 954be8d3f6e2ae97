import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interfaceAddressesCollector } from '../../../src/inventory/collectors/interface-addresses.ts';
import { collectTable } from '../fixture-root.ts';

test('interface addresses include loopback, which is not public', async () => {
  const { rows } = await collectTable(interfaceAddressesCollector);
  const lo = rows.find((r) => r.address === '127.0.0.1');
  assert.equal(lo?.interface, 'lo');
  assert.equal(lo.is_public, false);
  assert.equal(lo.mask, '255.0.0.0');
});
