import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPublicAddress } from '../../src/inventory/public-address.ts';

test('globally routable addresses are public', () => {
  for (const a of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2001:4860:4860::8888', '::ffff:8.8.4.4']) assert.equal(isPublicAddress(a), true, a);
});

test('private, loopback, link-local, CGNAT, documentation, multicast and unspecified addresses are not', () => {
  for (const a of [
    '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '127.0.0.1', '169.254.169.254', '100.64.0.1', '192.0.2.1',
    '198.51.100.1', '203.0.113.5', '224.0.0.251', '0.0.0.0', '255.255.255.255', '::', '::1', 'fe80::1%eth0', 'fd00::1',
    'ff02::1', '2001:db8::1', '::ffff:10.0.0.1', 'not-an-address',
  ]) assert.equal(isPublicAddress(a), false, a);
});
