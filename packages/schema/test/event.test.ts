import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUserError, parseEvent, processEntityId } from '../src/index.ts';

const exec = {
  time: '2026-11-23T18:00:00.123456789Z',
  event: { kind: 'process.exec', sensor: 'ebpf' },
  host: { id: 'h1' },
  process: { pid: 42, executable: '/usr/bin/curl', args: ['curl', '-s', 'x'], parent: { pid: 1, name: 'bash' } },
  container: { id: 'abc', name: 'web', image: { name: 'nginx', tag: '1.25' } },
};

test('a well-formed exec event passes and keeps its fields', () => {
  const e = parseEvent(exec, 'x');
  assert.equal(e.process?.parent?.name, 'bash');
  assert.equal(e.container?.image?.name, 'nginx');
});

test('bad events are one-line user errors naming where and which field', () => {
  const cases: [unknown, RegExp][] = [
    [{ ...exec, time: 'yesterday' }, /events\.jsonl:3: invalid event: time: time must be RFC 3339/],
    [{ ...exec, event: { kind: 'process.teleport' } }, /event\.kind/],
    [{ ...exec, host: {} }, /host\.id/],
    [{ ...exec, destination: { port: 70000 } }, /destination\.port/],
    ['not an object', /\(root\)/],
  ];
  for (const [value, message] of cases) {
    assert.throws(() => parseEvent(value, 'events.jsonl:3'), (e) => isUserError(e) && message.test(e.message) && !e.message.includes('\n'));
  }
});

test('entity ids differ for a reused pid and are stable for the same process', () => {
  assert.equal(processEntityId('h', 7, 1000), processEntityId('h', 7, 1000));
  assert.notEqual(processEntityId('h', 7, 1000), processEntityId('h', 7, 2000));
  assert.notEqual(processEntityId('h', 7, 1000), processEntityId('h2', 7, 1000));
});

test('namespace, environment, capability, login-user and overlay facts of a process are kept', () => {
  const process = {
    ...exec.process,
    vpid: 1,
    group_leader: { vpid: 1 },
    env_vars: ['PATH=/bin'],
    thread: { capabilities: { effective: ['CAP_SYS_ADMIN'], permitted: ['CAP_SYS_ADMIN'] } },
    exe_upper_layer: true,
    user: { id: '0', audit: { id: '1000' } },
  };
  const e = parseEvent({ ...exec, process }, 'x');
  assert.equal(e.process?.vpid, 1);
  assert.deepEqual(e.process?.thread?.capabilities?.effective, ['CAP_SYS_ADMIN']);
  assert.equal(e.process?.user?.audit?.id, '1000');
  assert.throws(() => parseEvent({ ...exec, process: { ...process, vpid: -1 } }, 'x'), /process\.vpid/);
});

test('socket, descriptor, ptrace, bpf, target-user and mount facts validate with their kinds', () => {
  const at = { time: exec.time, host: exec.host, process: exec.process };
  const dup = parseEvent({ ...at, event: { kind: 'network.dup', action: 'dup2' }, network: { transport: 'tcp', fd: 0 } }, 'x');
  assert.equal(dup.network?.fd, 0);
  const sock = parseEvent({ ...at, event: { kind: 'network.socket' }, network: { socket: { family: 'AF_PACKET', type: 'SOCK_RAW' } } }, 'x');
  assert.equal(sock.network?.socket?.family, 'AF_PACKET');
  assert.equal(parseEvent({ ...at, event: { kind: 'process.ptrace' }, ptrace: { request: 'PTRACE_ATTACH', target_pid: 7 } }, 'x').ptrace?.target_pid, 7);
  assert.equal(parseEvent({ ...at, event: { kind: 'kernel.bpf' }, bpf: { command: 'BPF_PROG_LOAD' } }, 'x').bpf?.command, 'BPF_PROG_LOAD');
  assert.equal(parseEvent({ ...at, event: { kind: 'process.setuid' }, user: { target: { id: '0' } } }, 'x').user?.target?.id, '0');
  for (const kind of ['process.namespace', 'process.userfaultfd', 'kernel.module_load']) assert.equal(parseEvent({ ...at, event: { kind } }, 'x').event.kind, kind);
  assert.throws(() => parseEvent({ ...at, event: { kind: 'network.dup' }, network: { fd: -1 } }, 'x'), /network\.fd/);
  assert.throws(() => parseEvent({ ...at, event: { kind: 'process.ptrace' }, ptrace: {} }, 'x'), /ptrace\.request/);
  const mounted = parseEvent({ ...exec, container: { id: 'c', mounts: [{ source: '/proc', destination: '/host/proc', read_write: false }] } }, 'x');
  assert.equal(mounted.container?.mounts?.[0].destination, '/host/proc');
  assert.throws(() => parseEvent({ ...exec, container: { id: 'c', mounts: [{ source: '/proc' }] } }, 'x'), /container\.mounts\.0\.destination/);
});
