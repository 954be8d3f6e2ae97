import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { createSocket } from 'node:dgram';
import { readlinkSync } from 'node:fs';
import { test } from 'node:test';
import { listeningPortsCollector } from '../../../src/inventory/collectors/listening-ports.ts';
import { collectTable } from '../fixture-root.ts';

test("a TCP and a UDP socket opened by the test appear joined to the test's own process", async () => {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const udp = createSocket('udp6');
  await new Promise<void>((resolve) => udp.bind(0, '::1', resolve));
  try {
    const tcpPort = (server.address() as { port: number }).port;
    const udpPort = udp.address().port;
    const { rows } = await collectTable(listeningPortsCollector);
    // Once, however many processes' namespaces were read to find it.
    const [tcp, ...twice] = rows.filter((r) => r.port === tcpPort && r.protocol === 6);
    assert.ok(tcp, `port ${tcpPort} not listed`);
    assert.deepEqual(twice, []);
    assert.equal(`net:[${tcp.net_namespace}]`, readlinkSync('/proc/self/ns/net'));
    assert.equal(tcp.pid, process.pid);
    assert.equal(tcp.address, '127.0.0.1');
    assert.equal(tcp.family, 2);
    assert.equal(tcp.is_public, false);
    assert.equal(tcp.path, process.execPath);
    assert.equal(tcp.name, 'node');
    assert.match(String(tcp.cmdline), /listening-ports\.test\.ts/);
    assert.equal(typeof tcp.socket, 'number');
    const u = rows.find((r) => r.port === udpPort && r.protocol === 17);
    assert.ok(u, `udp port ${udpPort} not listed`);
    assert.equal(u.pid, process.pid);
    assert.equal(u.address, '::1');
    assert.equal(u.family, 10);
  } finally {
    server.close();
    udp.close();
  }
});
