import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { parseFieldRef } from '../../src/condition/parser.ts';
import { UnsupportedFieldError } from '../../src/fields.ts';
import { resolveFalcoField, ttyNumber } from '../../src/falco/fields.ts';

const field = (name: string, ev: VigilEvent, num = 1) => resolveFalcoField(parseFieldRef(name)).get(ev, num);

const exec: VigilEvent = {
  time: '2026-01-01T00:00:10.5Z',
  event: { kind: 'process.exec' },
  host: { id: 'h1', name: 'web1' },
  process: {
    pid: 30,
    executable: '/usr/bin/python3.11',
    args: ['python3', '-c', 'print(1)'],
    working_directory: '/srv',
    tty: 'pts/1',
    start: '2026-01-01T00:00:04Z',
    user: { name: 'www-data', id: '33' },
    parent: { pid: 20, name: 'bash', executable: '/bin/bash', args: ['bash', '-i'] },
    ancestors: [{ pid: 10, name: 'sshd' }, { pid: 1, name: 'systemd' }],
  },
};

test('process fields follow Falco: exe is argv[0], args exclude it, cmdline is name plus args, cwd ends in /', () => {
  assert.equal(field('proc.name', exec), 'python3.11');
  assert.equal(field('proc.exe', exec), 'python3');
  assert.equal(field('proc.exepath', exec), '/usr/bin/python3.11');
  assert.equal(field('proc.args', exec), '-c print(1)');
  assert.equal(field('proc.cmdline', exec), 'python3.11 -c print(1)');
  assert.equal(field('proc.cwd', exec), '/srv/');
  assert.equal(field('proc.pcmdline', exec), 'bash -i');
  assert.equal(field('proc.duration', exec), 6.5e9);
  assert.equal(field('user.uid', exec), 33);
  assert.equal(field('evt.num', exec, 7), 7);
  assert.equal(field('evt.hostname', exec), 'web1');
});

test('ancestry: aname[N] counts from the process itself; aname without index is any ancestor', () => {
  assert.equal(field('proc.aname[0]', exec), 'python3.11');
  assert.equal(field('proc.aname[1]', exec), 'bash');
  assert.equal(field('proc.aname[2]', exec), 'sshd');
  assert.equal(field('proc.aname[3]', exec), 'systemd');
  assert.equal(field('proc.aname[4]', exec), undefined);
  assert.deepEqual(field('proc.aname', exec), ['bash', 'sshd', 'systemd']);
  assert.equal(field('proc.apid[2]', exec), 10);
});

test('terminal numbers use the kernel tty_nr encoding; no terminal is 0', () => {
  assert.equal(ttyNumber('pts/0'), 34816);
  assert.equal(ttyNumber('/dev/tty1'), 1025);
  assert.equal(ttyNumber(undefined), 0);
  assert.equal(field('proc.tty', exec), 34817);
});

test('containers: host outside, image repository and tag inside', () => {
  assert.equal(field('container.id', exec), 'host');
  assert.equal(field('container.privileged', exec), undefined);
  const inC: VigilEvent = { ...exec, container: { id: 'abc', image: { name: 'docker.io/library/nginx', tag: '1.25' } }, k8s: { namespace: 'prod', pod: 'web-0' } };
  assert.equal(field('container.id', inC), 'abc');
  assert.equal(field('container.image', inC), 'docker.io/library/nginx:1.25');
  assert.equal(field('container.image.repository', inC), 'docker.io/library/nginx');
  assert.equal(field('container.privileged', inC), false);
  assert.equal(field('k8s.ns.name', inC), 'prod');
});

test('files: fd.name is the normalised path, fd.nameraw as passed; open flags follow the action', () => {
  const open: VigilEvent = { ...exec, event: { kind: 'file.change', action: 'read' }, file: { path: '/etc/../etc/shadow' } };
  assert.equal(field('fd.name', open), '/etc/shadow');
  assert.equal(field('fd.nameraw', open), '/etc/../etc/shadow');
  assert.equal(field('fd.name', { ...open, file: { path: '/etc//./passwd' } }), '/etc/passwd');
  assert.equal(field('fd.directory', open), '/etc');
  assert.equal(field('fd.filename', open), 'shadow');
  assert.equal(field('fd.typechar', open), 'f');
  assert.equal(field('evt.type', open), 'openat');
  assert.equal(field('evt.is_open_read', open), true);
  assert.equal(field('evt.is_open_write', open), false);
  const trunc: VigilEvent = { ...open, event: { kind: 'file.change', action: 'truncate', outcome: 'failure' } };
  assert.equal(field('evt.arg.flags', trunc), 'O_WRONLY|O_CREAT|O_TRUNC');
  assert.equal(field('evt.rawres', trunc), -1);
  const link: VigilEvent = { ...exec, event: { kind: 'file.change', action: 'symlinkat' }, file: { path: '/tmp/l', old_path: '/etc/shadow' } };
  assert.equal(field('evt.type', link), 'symlinkat');
  assert.equal(field('evt.arg.target', link), '/etc/shadow');
  assert.equal(field('evt.arg.linkpath', link), '/tmp/l');
});

test('sockets: server and client by ECS source/destination; local and remote by direction', () => {
  const conn: VigilEvent = { ...exec, event: { kind: 'network.connect' }, source: { ip: '10.0.0.5', port: 40000 }, destination: { ip: '93.184.216.34', port: 443, domain: 'example.com' }, network: { transport: 'TCP' } };
  assert.equal(field('fd.name', conn), '10.0.0.5:40000->93.184.216.34:443');
  assert.equal(field('fd.sip', conn), '93.184.216.34');
  assert.equal(field('fd.rport', conn), 443);
  assert.equal(field('fd.lip', conn), '10.0.0.5');
  assert.equal(field('fd.l4proto', conn), 'tcp');
  assert.equal(field('fd.typechar', conn), '4');
  assert.equal(field('fd.sip.name', conn), 'example.com');
  assert.deepEqual(field('fd.port', conn), [40000, 443]);
  const acc: VigilEvent = { ...conn, event: { kind: 'network.accept' } };
  assert.equal(field('fd.lport', acc), 443);
  assert.equal(field('fd.rip', acc), '10.0.0.5');
  assert.equal(field('fd.sip', exec), undefined, 'no socket fields on an exec');
});

test('memfd executables are flagged; fields Vigil cannot observe are unsupported', () => {
  const memfd: VigilEvent = { ...exec, process: { pid: 5, name: 'x', executable: '/memfd:x (deleted)' } };
  assert.equal(field('proc.is_exe_from_memfd', memfd), true);
  assert.equal(field('evt.arg.flags', memfd), 'EXE_WRITABLE|EXE_FROM_MEMFD');
  for (const f of ['proc.env[HOME]', 'evt.buffer', 'proc.aname[x]', 'proc.name[1]']) {
    assert.throws(() => resolveFalcoField(parseFieldRef(f)), UnsupportedFieldError, f);
  }
});

test('namespaces, environment, capabilities, login user and overlay layer come from the process', () => {
  const p = exec.process!;
  const inContainer: VigilEvent = {
    ...exec,
    process: {
      ...p,
      vpid: 1,
      group_leader: { pid: 30, vpid: 1 },
      env_vars: ['HTTP_PROXY=http://x:3128', 'HOME=/root'],
      thread: { capabilities: { effective: ['CAP_CHOWN', 'CAP_SYS_ADMIN'], permitted: ['CAP_SYS_MODULE'] } },
      exe_upper_layer: true,
      user: { name: 'root', id: '0', audit: { id: '1000' } },
    },
  };
  assert.equal(field('proc.vpid', inContainer), 1);
  assert.equal(field('proc.is_vpgid_leader', inContainer), true);
  assert.equal(field('proc.is_vpgid_leader', { ...inContainer, process: { ...inContainer.process!, group_leader: { vpid: 7 } } }), false);
  assert.equal(field('proc.env', inContainer), 'HTTP_PROXY=http://x:3128 HOME=/root');
  assert.equal(field('thread.cap_effective', inContainer), 'CAP_CHOWN CAP_SYS_ADMIN');
  assert.equal(field('thread.cap_permitted', inContainer), 'CAP_SYS_MODULE');
  assert.equal(field('proc.is_exe_upper_layer', inContainer), true);
  assert.equal(field('user.loginuid', inContainer), 1000);
  // Unknown to the sensor stays unknown: no false leader, no empty environment.
  for (const f of ['proc.vpid', 'proc.is_vpgid_leader', 'proc.env', 'thread.cap_effective', 'proc.is_exe_upper_layer', 'user.loginuid']) {
    assert.equal(field(f, exec), undefined, f);
  }
});

test('syscall arguments come from the kind that carries them; a dup returns the descriptor it made', () => {
  const at = { time: '2026-01-01T00:00:00Z', host: { id: 'h' }, process: { pid: 9, name: 'x', user: { name: 'www-data', id: '33' } } };
  const sock: VigilEvent = { ...at, event: { kind: 'network.socket' }, network: { socket: { family: 'AF_PACKET', type: 'SOCK_RAW' } } };
  assert.equal(field('evt.type', sock), 'socket');
  assert.equal(field('evt.arg.domain', sock), 'AF_PACKET');
  assert.equal(field('evt.arg.type', sock), 'SOCK_RAW');
  assert.equal(field('fd.sockfamily', sock), undefined, 'a packet socket is neither ip nor unix');
  assert.equal(field('fd.sockfamily', { ...sock, network: { socket: { family: 'AF_INET6' } } }), 'ip');
  const dup: VigilEvent = {
    ...at,
    event: { kind: 'network.dup', action: 'dup3' },
    source: { ip: '::1', port: 40000 },
    destination: { ip: '::1', port: 9999 },
    network: { transport: 'tcp', fd: 1 },
  };
  assert.equal(field('evt.type', dup), 'dup3');
  assert.equal(field('evt.rawres', dup), 1);
  assert.equal(field('fd.type', dup), 'ipv6');
  assert.equal(field('evt.rawres', { ...dup, event: { ...dup.event, outcome: 'failure' } }), -1);
  assert.equal(field('evt.rawres', exec), 0);
  const ptrace: VigilEvent = { ...at, event: { kind: 'process.ptrace' }, ptrace: { request: 'PTRACE_ATTACH', target_pid: 1 } };
  assert.equal(field('evt.arg.request', ptrace), 'PTRACE_ATTACH');
  const setuid: VigilEvent = { ...at, event: { kind: 'process.setuid' }, user: { target: { id: '0', name: 'root' } } };
  assert.equal(field('evt.arg.uid', setuid), 'root');
  assert.equal(field('evt.arg.uid', { ...setuid, user: { target: { id: '0' } } }), '0');
  assert.equal(field('user.name', setuid), 'www-data', 'the acting user is still the process user');
  const bpf: VigilEvent = { ...at, event: { kind: 'kernel.bpf' }, bpf: { command: 'BPF_PROG_LOAD' } };
  assert.equal(field('evt.arg.cmd', bpf), 'BPF_PROG_LOAD');
  // An argument of another call is absent, not borrowed.
  assert.equal(field('evt.arg.request', bpf), undefined);
  assert.equal(field('evt.arg.domain', dup), undefined);
});

test('container mounts: dest[] looks up by host source glob, source[] by destination; <NA> when absent', () => {
  const c = { id: 'c1', mounts: [{ source: '/var/run/docker.sock', destination: '/run/docker.sock' }, { source: '/proc', destination: '/host/proc' }] };
  const ev: VigilEvent = { ...exec, container: c };
  assert.equal(field('container.mount.dest[/proc*]', ev), '/host/proc');
  assert.equal(field('container.mount.dest[/var/run/docker.sock]', ev), '/run/docker.sock');
  assert.equal(field('container.mount.source[/host/proc]', ev), '/proc');
  assert.equal(field('container.mount.dest[0]', ev), '/run/docker.sock');
  assert.equal(field('container.mount.dest[/]', ev), '<NA>');
  assert.equal(field('container.mount.dest[/proc*]', { ...exec, container: { id: 'c2' } }), '<NA>');
  assert.equal(field('container.mount.dest[/proc*]', exec), undefined, 'no container, no mounts');
  assert.throws(() => resolveFalcoField(parseFieldRef('container.mount.dest')), UnsupportedFieldError);
});
