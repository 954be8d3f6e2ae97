import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCondition } from '../src/condition/parser.ts';
import { resolveFalcoField } from '../src/falco/fields.ts';
import { specialize } from '../src/specialize.ts';

const spec = (cond: string, kind: Parameters<typeof specialize>[1]) => specialize(parseCondition(cond), kind, resolveFalcoField);

test('evt.type folds per kind: decided tests vanish, impossible branches become false', () => {
  assert.deepEqual(spec('evt.type in (execve, execveat) and proc.name = sh', 'process.exec'), parseCondition('proc.name = sh'));
  assert.deepEqual(spec('evt.type in (execve, execveat) and proc.name = sh', 'file.change'), { type: 'const', value: false });
  assert.deepEqual(spec('evt.type = connect or evt.type = execve', 'network.connect'), { type: 'const', value: true });
  assert.deepEqual(spec('evt.type != connect', 'network.connect'), { type: 'const', value: false });
  assert.deepEqual(spec('not evt.type in (ptrace)', 'process.exec'), { type: 'const', value: true });
});

test('kinds standing for several syscalls keep the test; kinds with none make it false', () => {
  assert.deepEqual(spec('evt.type = openat', 'file.change'), parseCondition('evt.type = openat'));
  assert.deepEqual(spec('evt.type = openat', 'dns.query'), { type: 'const', value: false });
  assert.deepEqual(spec('evt.dir = < and proc.name = x', 'process.exec'), parseCondition('proc.name = x'));
});

test('unsupported fields are left for the compiler to report', () => {
  assert.deepEqual(spec('proc.env contains X', 'process.exec'), parseCondition('proc.env contains X'));
});
