import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSocketTable } from '../../src/inventory/sockets.ts';

// Lines in the kernel's own format (net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c), trimmed to the fields read.
const TCP4 = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 23001 1 0000000000000000 100 0 0 10 0
   1: 0100007F:D8A2 0100007F:1538 01 00000000:00000000 00:00000000 00000000     0        0 23002 1 0000000000000000 20 4 30 10 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:18EB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000   102        0 24001 1 0000000000000000 100 0 0 10 0
   1: 0000000000000000FFFF00000100A8C0:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 24002 1 0000000000000000 100 0 0 10 0
   2: 000080FE00000000FF005452003412FE:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 24003 1 0000000000000000 100 0 0 10 0
`;

test('IPv4 addresses and ports decoded from little-endian hex; state and inode kept', () => {
  assert.deepEqual(parseSocketTable(TCP4, 'tcp', 4), [
    { protocol: 'tcp', family: 4, address: '127.0.0.1', port: 5432, state: 0x0a, inode: 23001 },
    { protocol: 'tcp', family: 4, address: '127.0.0.1', port: 55458, state: 0x01, inode: 23002 },
  ]);
});

test('IPv6 addresses compressed as inet_ntop prints them, v4-mapped in dotted form', () => {
  assert.deepEqual(parseSocketTable(TCP6, 'tcp', 6).map((s) => [s.address, s.port]), [
    ['::1', 6379],
    ['::ffff:192.168.0.1', 443],
    ['fe80::5254:ff:fe12:3400', 22],
  ]);
});
