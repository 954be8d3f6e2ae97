import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
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
