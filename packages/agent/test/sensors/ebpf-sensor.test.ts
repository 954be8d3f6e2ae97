import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createSocket } from 'node:dgram';
import { createServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { EbpfProcessSensor } from '../../src/sensors/ebpf-sensor.ts';
import { bootNsToTicks, type ProcessRecord } from '../../src/sensors/process-record.ts';
import { readProcStat } from '../../src/sensors/proc-reader.ts';

const root = process.getuid?.() === 0;

describe('EbpfProcessSensor', { skip: !root && 'needs root' }, () => {
  it('reports exec and exit of a short command with argv, cwd, parent and exit status', async () => {
    const sensor = new EbpfProcessSensor();
    const records: ProcessRecord[] = [];
    await sensor.start((rs) => records.push(...rs), (err) => assert.fail(err));
    let child;
    try {
      const long = 'x'.repeat(9000); // argv beyond the 8 KiB read in the kernel
      child = spawn('sh', ['-c', 'exit 3', 'vigil-ebpf-test', long], { cwd: '/usr/share', stdio: 'ignore' });
      await once(child, 'exit');
      while (!records.some((r) => r.kind === 'exit' && r.pid === child!.pid)) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await sensor.stop();
    }
    const exec = records.find((r) => r.kind === 'exec' && r.pid === child.pid)!;
    assert.deepEqual(exec.args?.slice(0, 4), ['sh', '-c', 'exit 3', 'vigil-ebpf-test']);
    assert.equal(exec.argsTruncated, true);
    assert.equal(exec.executable, '/usr/bin/sh');
    assert.equal(exec.cwd, '/usr/share');
    assert.equal(exec.ppid, process.pid);
    // Start times agree with /proc's ticks, so entity ids agree with every /proc reader.
    assert.equal(bootNsToTicks(exec.parentStartBootNs!), readProcStat(process.pid)!.startTicks);
    assert.equal(exec.uid, 0);
    assert.ok(exec.startNs! <= exec.timeNs && exec.timeNs - exec.startNs! < 60_000_000_000n, 'start before exec, on the wall clock');
    const exit = records.find((r) => r.kind === 'exit' && r.pid === child.pid)!;
    assert.equal(exit.exitStatus, 3 << 8);
    assert.equal(exit.startBootNs, exec.startBootNs);
    assert.ok(exec.timeNs <= exit.timeNs && Math.abs(Number(exec.timeNs / 1_000_000n) - Date.now()) < 60_000, 'wall-clock time');
    assert.equal(sensor.lost(), 0);
  });

  it('reports a TCP connect in the connecting process and the accept in the server', async () => {
    const server = createServer((sock) => sock.end());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const sensor = new EbpfProcessSensor();
    const records: ProcessRecord[] = [];
    await sensor.start((rs) => records.push(...rs), (err) => assert.fail(err));
    let child;
    try {
      child = spawn('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}; cat <&3`], { stdio: 'ignore' });
      await once(child, 'exit');
      const mine = (kind: string) => records.find((r) => r.kind === kind && r.connection?.remotePort === port) ?? records.find((r) => r.kind === kind && r.connection?.localPort === port);
      while (!mine('connect') || !mine('accept')) await new Promise((r) => setTimeout(r, 20));
      const connect = mine('connect')!;
      assert.equal(connect.pid, child.pid);
      assert.deepEqual({ ...connect.connection, localPort: 0 }, { family: 'ipv4', localIp: '127.0.0.1', localPort: 0, remoteIp: '127.0.0.1', remotePort: port });
      const accept = mine('accept')!;
      assert.equal(accept.pid, process.pid);
      assert.deepEqual({ ...accept.connection, remotePort: 0 }, { family: 'ipv4', localIp: '127.0.0.1', localPort: port, remoteIp: '127.0.0.1', remotePort: 0 });
      assert.ok(accept.connection!.remotePort > 0);
    } finally {
      await sensor.stop();
      server.close();
    }
  });

  it('reports a TCP listen in the listening process with its port', async () => {
    const sensor = new EbpfProcessSensor();
    const records: ProcessRecord[] = [];
    await sensor.start((rs) => records.push(...rs), (err) => assert.fail(err));
    const server = createServer();
    try {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const port = (server.address() as AddressInfo).port;
      const mine = () => records.find((r) => r.kind === 'listen' && r.connection?.localPort === port);
      while (!mine()) await new Promise((r) => setTimeout(r, 20));
      assert.equal(mine()!.pid, process.pid);
      assert.equal(mine()!.connection!.localIp, '127.0.0.1');
    } finally {
      await sensor.stop();
      server.close();
    }
  });

  it('reports a setuid call with the new credentials, and the exec of a set-user-ID binary with euid 0', async () => {
    const sensor = new EbpfProcessSensor();
    const records: ProcessRecord[] = [];
    await sensor.start((rs) => records.push(...rs), (err) => assert.fail(err));
    try {
      const dropper = spawn('python3', ['-c', 'import os; os.setuid(65534)'], { stdio: 'ignore' });
      await once(dropper, 'exit');
      // As nobody, run passwd (set-user-ID root): the kernel raises its euid at the exec.
      const suid = spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '/usr/bin/passwd', '-S', 'root'], { stdio: 'ignore' });
      await once(suid, 'exit');
      const setuid = () => records.find((r) => r.kind === 'setuid' && r.pid === dropper.pid);
      const passwd = () => records.find((r) => r.kind === 'exec' && r.pid === suid.pid && r.executable === '/usr/bin/passwd');
      while (!setuid() || !passwd()) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual([setuid()!.uid, setuid()!.euid], [65534, 65534]);
      assert.deepEqual([passwd()!.uid, passwd()!.euid], [65534, 0]);
    } finally {
      await sensor.stop();
    }
  });

  it('reports DNS queries sent with sendto and from a connected socket, with name, type and resolver', async () => {
    // A resolver on 127.0.0.1:53 that answers every query with an empty NOERROR response.
    const resolver = createSocket('udp4');
    resolver.on('message', (msg, from) => {
      const answer = Buffer.from(msg);
      answer[2] |= 0x80;
      resolver.send(answer, from.port, from.address);
    });
    resolver.bind(53, '127.0.0.1');
    await once(resolver, 'listening');
    const sensor = new EbpfProcessSensor();
    const records: ProcessRecord[] = [];
    await sensor.start((rs) => records.push(...rs), (err) => assert.fail(err));
    try {
      const script = `
import socket, struct
def q(name, qtype):
    return struct.pack('>HHHHHH', 7, 0x0100, 1, 0, 0, 0) + b''.join(bytes([len(l)]) + l.encode() for l in name.split('.')) + b'\\0' + struct.pack('>HH', qtype, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)
s.sendto(q('vigil-sendto.example.com', 16), ('127.0.0.1', 53)); s.recv(512)
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); c.settimeout(2); c.connect(('127.0.0.1', 53))
c.send(q('vigil-connected.example.org', 28)); c.recv(512)`;
      const child = spawn('python3', ['-c', script], { stdio: 'ignore' });
      const [code] = await once(child, 'exit');
      assert.equal(code, 0, 'the resolver answered both');
      const query = (name: string) => records.find((r) => r.kind === 'dns' && r.dns?.name === name);
      while (!query('vigil-sendto.example.com') || !query('vigil-connected.example.org')) await new Promise((r) => setTimeout(r, 20));
      const sent = query('vigil-sendto.example.com')!;
      assert.equal(sent.pid, child.pid);
      assert.equal(sent.dns!.type, 'TXT');
      assert.deepEqual([sent.connection!.remoteIp, sent.connection!.remotePort], ['127.0.0.1', 53]);
      assert.equal(query('vigil-connected.example.org')!.dns!.type, 'AAAA');
      assert.equal(records.some((r) => r.kind === 'dns' && r.pid === process.pid), false, "the resolver's answers are not queries");
    } finally {
      await sensor.stop();
      resolver.close();
    }
  });

  it('stops cleanly and starts again', async () => {
    const sensor = new EbpfProcessSensor();
    await sensor.start(() => {}, (err) => assert.fail(err));
    await sensor.stop();
    const records: ProcessRecord[] = [];
    await sensor.start((rs) => records.push(...rs), (err) => assert.fail(err));
    try {
      const child = spawn('true', [], { stdio: 'ignore' });
      await once(child, 'exit');
      while (!records.some((r) => r.kind === 'exec' && r.pid === child.pid)) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await sensor.stop();
    }
  });
});
