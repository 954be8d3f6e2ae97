import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ARGS_OFFSET, EXIT_RECORD_SIZE, decodeBpfRecord, splitArgs } from '../../src/sensors/bpf-record.ts';

/** A record laid out as bpf/process.bpf.c writes it (little-endian, fixed slots). */
function record(kind: number, opts: { args?: string; flags?: number; cgroup?: string[]; cwd?: string[]; tty?: string } = {}): Buffer {
  const args = Buffer.from(opts.args ?? '');
  const buf = Buffer.alloc(kind === 1 ? ARGS_OFFSET + args.length : EXIT_RECORD_SIZE);
  buf.writeUInt32LE(kind, 0);
  buf.writeUInt32LE(4242, 4);
  buf.writeUInt32LE(4243, 8);
  buf.writeUInt32LE(4000, 12);
  buf.writeUInt32LE(1000, 16);
  buf.writeUInt32LE(0, 20);
  buf.writeUInt32LE(100, 24);
  buf.writeUInt32LE(100, 28);
  buf.writeBigUInt64LE(5_000_000_000n, 32);
  buf.writeBigUInt64LE(4_000_000_000n, 40);
  buf.writeBigUInt64LE(6_000_000_000n, 48);
  buf.writeInt32LE(kind === 2 ? 9 : 0, 56);
  buf.writeUInt32LE(opts.flags ?? 0, 60);
  buf.writeUInt32LE(args.length, 64);
  const cgroup = opts.cgroup ?? [];
  buf.writeUInt32LE(cgroup.length, 68);
  const cwd = opts.cwd ?? [];
  buf.writeUInt32LE(cwd.length, 72);
  buf.write('true', 80);
  buf.write('bash', 96);
  cgroup.forEach((name, i) => buf.write(name, 112 + i * 128));
  if (kind === 1) {
    buf.write(opts.tty ?? '', EXIT_RECORD_SIZE);
    buf.write('/usr/bin/true', EXIT_RECORD_SIZE + 32);
    cwd.forEach((name, i) => buf.write(name, EXIT_RECORD_SIZE + 32 + 256 + i * 96));
    args.copy(buf, ARGS_OFFSET);
  }
  return buf;
}

describe('decodeBpfRecord', () => {
  it('decodes an exec record: ids, credentials, argv, cwd and cgroup innermost-last', () => {
    const r = decodeBpfRecord(record(1, { args: 'true\0a b\0\0c\0', cgroup: ['abc', 'docker'], cwd: ['share', 'usr'], tty: 'pts3' }), 100n)!;
    assert.equal(r.kind, 'exec');
    assert.equal(r.pid, 4242);
    assert.equal(r.ppid, 4000);
    assert.deepEqual([r.uid, r.euid, r.gid, r.egid], [1000, 0, 100, 100]);
    assert.equal(r.startBootNs, 5_000_000_000n);
    assert.equal(r.parentStartBootNs, 4_000_000_000n);
    assert.equal(r.timeNs, 6_000_000_100n);
    assert.equal(r.startNs, 5_000_000_100n);
    assert.equal(r.comm, 'true');
    assert.equal(r.parentComm, 'bash');
    assert.equal(r.executable, '/usr/bin/true');
    assert.deepEqual(r.args, ['true', 'a b', '', 'c']);
    assert.equal(r.cwd, '/usr/share');
    assert.equal(r.cgroupPath, '/docker/abc');
    assert.equal(r.tty, 'pts/3');
    assert.equal(r.argsTruncated, undefined);
  });

  it('marks truncated argv and cwd', () => {
    const r = decodeBpfRecord(record(1, { args: 'x\0', flags: 3, cwd: ['deep'] }), 0n)!;
    assert.equal(r.argsTruncated, true);
    assert.equal(r.cwd, '…/deep');
  });

  it('decodes an exit record with its raw status', () => {
    const r = decodeBpfRecord(record(2, { cgroup: ['x'] }), 0n)!;
    assert.equal(r.kind, 'exit');
    assert.equal(r.exitStatus, 9);
    assert.equal(r.args, undefined);
    assert.equal(r.cgroupPath, '/x');
  });

  it('decodes a fork record: the child with its parent', () => {
    const r = decodeBpfRecord(record(8), 0n)!;
    assert.deepEqual([r.kind, r.pid, r.ppid, r.startBootNs, r.parentStartBootNs], ['fork', 4242, 4000, 5_000_000_000n, 4_000_000_000n]);
    assert.equal(r.args, undefined);
  });

  it('rejects a record shorter than its layout', () => {
    assert.equal(decodeBpfRecord(Buffer.alloc(40), 0n), undefined);
    const exec = record(1, { args: 'abc\0' });
    assert.equal(decodeBpfRecord(exec.subarray(0, exec.length - 2), 0n), undefined);
  });
});

describe('splitArgs', () => {
  it('splits NUL-terminated strings and keeps empty arguments', () => {
    assert.deepEqual(splitArgs(Buffer.from('sh\0-c\0\0')), ['sh', '-c', '']);
    assert.deepEqual(splitArgs(Buffer.alloc(0)), []);
  });

  it('keeps a last argument cut without its NUL', () => {
    assert.deepEqual(splitArgs(Buffer.from('a\0bc')), ['a', 'bc']);
  });
});

describe('decodeBpfRecord: connections', () => {
  function net(kind: number, family: number, local: number[], remote: number[]): Buffer {
    const buf = Buffer.alloc(EXIT_RECORD_SIZE + 40);
    buf.writeUInt32LE(kind, 0);
    buf.writeUInt16LE(family, EXIT_RECORD_SIZE);
    buf.writeUInt16LE(8080, EXIT_RECORD_SIZE + 2);
    buf.writeUInt16LE(51000, EXIT_RECORD_SIZE + 4);
    Buffer.from(local).copy(buf, EXIT_RECORD_SIZE + 8);
    Buffer.from(remote).copy(buf, EXIT_RECORD_SIZE + 24);
    return buf;
  }

  it('decodes an IPv4 accept and an IPv6 connect', () => {
    const accept = decodeBpfRecord(net(4, 2, [10, 0, 0, 1], [192, 168, 1, 9]), 0n)!;
    assert.equal(accept.kind, 'accept');
    assert.deepEqual(accept.connection, { family: 'ipv4', localIp: '10.0.0.1', localPort: 8080, remoteIp: '192.168.1.9', remotePort: 51000 });
    const v6 = [0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 1];
    const connect = decodeBpfRecord(net(3, 10, v6, [...Array(15).fill(0), 1]), 0n)!;
    assert.equal(connect.kind, 'connect');
    assert.equal(connect.connection!.localIp, '2001:db8::1');
    assert.equal(connect.connection!.remoteIp, '::1');
  });

  it('decodes a listen with its bound address', () => {
    const listen = decodeBpfRecord(net(5, 2, [0, 0, 0, 0], []), 0n)!;
    assert.equal(listen.kind, 'listen');
    assert.deepEqual({ ip: listen.connection!.localIp, port: listen.connection!.localPort }, { ip: '0.0.0.0', port: 8080 });
  });

  it('drops a connection of another family', () => {
    assert.equal(decodeBpfRecord(net(3, 1, [], []), 0n), undefined);
  });
});
