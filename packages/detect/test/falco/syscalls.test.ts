import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { eventSyscall, kindOfSyscall, openFlags } from '../../src/falco/syscalls.ts';

const ev = (kind: VigilEvent['event']['kind'], action?: string): VigilEvent => ({ time: '2026-01-01T00:00:00Z', event: { kind, action }, host: { id: 'h' } });

test('Falco syscalls map onto Vigil kinds', () => {
  assert.equal(kindOfSyscall('execveat'), 'process.exec');
  assert.equal(kindOfSyscall('connect'), 'network.connect');
  assert.equal(kindOfSyscall('accept4'), 'network.accept');
  assert.equal(kindOfSyscall('bind'), 'network.listen');
  assert.equal(kindOfSyscall('renameat2'), 'file.change');
  assert.equal(kindOfSyscall('ptrace'), 'process.ptrace');
  assert.equal(kindOfSyscall('unshare'), 'process.namespace');
  assert.equal(kindOfSyscall('finit_module'), 'kernel.module_load');
  assert.equal(kindOfSyscall('socket'), 'network.socket');
  assert.equal(kindOfSyscall('dup3'), 'network.dup');
  assert.equal(kindOfSyscall('recvfrom'), undefined);
});

test('an event stands for the syscall its action names, else its kind or action default', () => {
  assert.equal(eventSyscall(ev('process.exec')), 'execve');
  assert.equal(eventSyscall(ev('process.exec', 'execveat')), 'execveat');
  assert.equal(eventSyscall(ev('file.change', 'rename')), 'renameat2');
  assert.equal(eventSyscall(ev('file.change', 'unlink')), 'unlink');
  assert.equal(eventSyscall(ev('file.change', 'create')), 'openat');
  assert.equal(eventSyscall(ev('network.listen', 'bind')), 'bind');
  assert.equal(eventSyscall(ev('dns.query')), undefined);
  assert.equal(eventSyscall(ev('network.dup')), 'dup2');
  assert.equal(eventSyscall(ev('process.namespace', 'setns')), 'setns');
  // setns and unshare are different calls: without the action the event names neither.
  assert.equal(eventSyscall(ev('process.namespace')), undefined);
  assert.equal(openFlags(ev('file.change', 'create')), 'O_WRONLY|O_CREAT');
  assert.equal(openFlags(ev('file.change', 'rename')), undefined);
});
