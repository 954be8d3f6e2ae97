import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { parseCondition } from '../src/condition/parser.ts';
import { Engine } from '../src/engine.ts';
import { resolveFalcoField } from '../src/falco/fields.ts';
import type { Rule } from '../src/rule.ts';

function rule(name: string, condition: string, extra: Partial<Rule> = {}): Rule {
  return {
    id: `t:${name}`, name, source: 'test', severity: 'high', techniques: ['T1059'], tactics: ['execution'], tags: [], enabled: true,
    condition: parseCondition(condition), resolve: resolveFalcoField, output: (ev, n) => `${n}:${ev.process?.name}`, ...extra,
  };
}
const exec = (name: string): VigilEvent => ({ time: '2026-01-01T00:00:00Z', event: { kind: 'process.exec' }, host: { id: 'h1' }, container: { id: 'c1', name: 'web' }, process: { pid: 1, name } });

test('rules are indexed only under the kinds their condition can match', () => {
  const { engine } = Engine.build([
    rule('exec', 'evt.type in (execve, execveat) and proc.name = sh'),
    rule('conn', 'evt.type = connect and fd.sport = 4444'),
    rule('any', 'proc.name = sh'),
  ]);
  const counts = engine.ruleCounts;
  assert.equal(counts['process.exec'], 2);
  assert.equal(counts['network.connect'], 2);
  assert.equal(counts['file.change'], 1);
});

test('alerts carry rule, severity, techniques, output, host, container and the event; events are numbered', () => {
  const { engine } = Engine.build([rule('exec', 'evt.type = execve and proc.name = sh')]);
  assert.deepEqual(engine.process(exec('ls')), []);
  const [a] = engine.process(exec('sh'));
  assert.deepEqual(a.rule, { id: 't:exec', name: 'exec', source: 'test' });
  assert.equal(a.severity, 'high');
  assert.deepEqual(a.techniques, ['T1059']);
  assert.equal(a.output, '2:sh');
  assert.deepEqual(a.host, { id: 'h1' });
  assert.deepEqual(a.container, { id: 'c1', name: 'web' });
  assert.equal(a.event.process?.name, 'sh');
});

test('unsupported fields and unobservable syscalls skip the rule with a reason; disabled rules compile but do not run', () => {
  const built = Engine.build([
    rule('payload', 'evt.type = execve and evt.buffer contains X'),
    rule('kexec', 'evt.type = kexec_load and proc.name = kexec'),
    rule('off', 'evt.type = execve', { enabled: false }),
  ]);
  assert.deepEqual(built.skipped.map((s) => [s.name, s.reason]), [
    ['payload', 'field evt.buffer unsupported: Vigil events carry no such value'],
    ['kexec', 'matches no event Vigil observes (evt.type kexec_load)'],
  ]);
  assert.deepEqual(built.compiled.map((r) => r.name), ['off']);
  assert.deepEqual(built.engine.process(exec('sh')), []);
});

test('a field unsupported only on a branch that cannot match the kind does not skip the rule', () => {
  const built = Engine.build([rule('mixed', '(evt.type = execve and proc.name = sh) or (evt.type = kexec_load and evt.buffer contains X)')]);
  assert.equal(built.skipped.length, 0);
  assert.equal(built.engine.process(exec('sh')).length, 1);
});
