import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { Engine } from '../../src/engine.ts';
import { loadVigilRules } from '../../src/vigil/loader.ts';
import { runRuleTests } from '../../src/rule-tests.ts';

const load = (text: string) => loadVigilRules([{ path: 'r.yaml', text }]);

const WEBSHELL = `
- list: shell_binaries
  items: [bash, sh, dash]

- macro: web_server_parent
  condition: process.parent.name in (nginx, php-fpm8.2)

- rule: vigil.webshell.shell-from-web-server
  title: {en: "Web server spawned a shell", zh: "Web 服务进程启动了 Shell"}
  description: {en: "A web server started a shell", zh: "Web 服务进程启动了 Shell"}
  severity: critical
  attack: [T1505.003, T1059.004]
  kinds: [process.exec]
  condition: web_server_parent and process.name in (shell_binaries)
  exceptions:
    - name: health checks
      condition: process.command_line contains "healthcheck"
  output: "Shell %process.name started by %process.parent.name (pid %process.pid) in %container.name"
  response: {action: kill_process, en: "Kill the shell", zh: "终止该 Shell"}
  tags: [webshell]
  tests:
    match:
      - {event: {kind: process.exec}, process: {pid: 10, name: sh, args: [sh, -c, id], parent: {pid: 9, name: php-fpm8.2}}}
    no_match:
      - {event: {kind: process.exec}, process: {pid: 11, name: sh, parent: {pid: 1, name: systemd}}}
      - {event: {kind: process.exec}, process: {pid: 12, name: sh, command_line: "sh healthcheck", parent: {pid: 9, name: nginx}}}
`;

const exec = (process: NonNullable<VigilEvent['process']>, extra: Partial<VigilEvent> = {}): VigilEvent => ({
  time: '2026-01-01T00:00:00Z', event: { kind: 'process.exec' }, host: { id: 'h1' }, container: { id: 'c1', name: 'web' }, process, ...extra,
});

test('a Vigil rule loads with its lists, macros, exceptions, output, response and tests, and runs', () => {
  const loaded = load(WEBSHELL);
  assert.deepEqual(loaded.errors, []);
  const [r] = loaded.rules;
  assert.equal(r.id, 'vigil.webshell.shell-from-web-server');
  assert.deepEqual(r.title, { en: 'Web server spawned a shell', zh: 'Web 服务进程启动了 Shell' });
  assert.deepEqual(r.techniques, ['T1505.003', 'T1059.004']);
  assert.equal(r.line, 8);
  const { engine } = Engine.build(loaded.rules);
  assert.deepEqual(engine.ruleCounts['process.exec'], 1);
  assert.equal(engine.ruleCounts['file.change'], 0, 'indexed only under its kinds');
  const [alert] = engine.process(exec({ pid: 10, name: 'bash', parent: { pid: 9, name: 'nginx' } }));
  assert.equal(alert.output, 'Shell bash started by nginx (pid 10) in web');
  assert.deepEqual(alert.response, { action: 'kill_process', en: 'Kill the shell', zh: '终止该 Shell' });
  assert.equal(engine.process(exec({ pid: 10, name: 'bash', command_line: 'bash /healthcheck.sh', parent: { pid: 9, name: 'nginx' } })).length, 0);
  assert.deepEqual(runRuleTests(loaded.rules).map((t) => [t.cases, t.failures]), [[3, []]]);
});

test('list fields match when any element does; ip fields take networks; file.name is derived', () => {
  const loaded = load(`
- rule: vigil.test.fields
  title: {en: a, zh: 甲}
  description: {en: a, zh: 甲}
  severity: low
  kinds: [process.exec, network.connect]
  condition: process.ancestors.name = sshd or process.args contains "-enc" or destination.ip in (10.0.0.0/8) or file.name = shadow
`);
  assert.deepEqual(loaded.errors, []);
  const { engine } = Engine.build(loaded.rules);
  assert.equal(engine.process(exec({ pid: 1, ancestors: [{ name: 'bash' }, { name: 'sshd' }] })).length, 1);
  assert.equal(engine.process(exec({ pid: 1, args: ['pwsh', 'x-enc'] })).length, 1);
  assert.equal(engine.process(exec({ pid: 1, args: ['ls'], ancestors: [{ name: 'bash' }] })).length, 0);
  assert.equal(engine.process({ ...exec({ pid: 1 }), event: { kind: 'network.connect' }, destination: { ip: '10.1.2.3', port: 1 } }).length, 1);
  assert.equal(engine.process({ ...exec({ pid: 1 }), event: { kind: 'network.connect' }, destination: { ip: '11.1.2.3', port: 1 } }).length, 0);
});

test('problems are errors with file:line: unknown field, key, kind, macro, missing language, bad id, duplicate id, bad test event', () => {
  const rule = (id: string, body: string) => `
- rule: ${id}
  title: {en: "t", zh: "标题"}
  description: {en: "d", zh: "描述"}
  severity: high
  kinds: [process.exec]
${body}`;
  const cases: [string, RegExp][] = [
    [rule('vigil.a.b', '  condition: process.nmae = sh'), /^r\.yaml:7: rule vigil\.a\.b: condition: field process\.nmae unsupported: not a Vigil event field/],
    [rule('vigil.a.b', '  condition: process.name = sh\n  priority: high'), /^r\.yaml:8: .*unknown key priority/],
    [rule('vigil.a.b', '  condition: process.name = sh').replace('[process.exec]', '[process.start]'), /^r\.yaml:6: .*unknown event kind process\.start/],
    [rule('vigil.a.b', '  condition: shell_spawn and process.name = sh'), /^r\.yaml:7: .*undefined macro shell_spawn/],
    [rule('vigil.a.b', '  condition: process.name = sh').replace('zh: "标题"', 'zh: ""'), /^r\.yaml:3: .*title lacks zh text/],
    [rule('Vigil A', '  condition: process.name = sh'), /^r\.yaml:2: .*dotted lower case/],
    [rule('vigil.a.b', '  condition: destination.port = ssh').replace('[process.exec]', '[network.connect]'), /^r\.yaml:7: .*'ssh' is not a number/],
    [rule('vigil.a.b', '  condition: process.name = sh\n  output: "%proc.name"'), /^r\.yaml:8: .*output: field proc\.name unsupported/],
    [rule('vigil.a.b', '  condition: process.name = sh\n  tests:\n    match:\n      - {event: {kind: process.exec}, process: {pid: x}}'), /^r\.yaml:10: invalid event: process\.pid/],
    [rule('vigil.a.b', '  condition: process.name = sh') + rule('vigil.a.b', '  condition: process.name = sh'), /^r\.yaml:8: rule id vigil\.a\.b is already used at r\.yaml:2/],
  ];
  for (const [text, want] of cases) {
    const loaded = load(text);
    assert.equal(loaded.errors.length, 1, `${want}: ${loaded.errors.join(' | ')}`);
    assert.match(loaded.errors[0], want);
  }
});

test('a snake_case list item that names no list is warned about', () => {
  const loaded = load(`
- rule: vigil.a.b
  title: {en: t, zh: 标题}
  description: {en: d, zh: 描述}
  severity: low
  kinds: [process.exec]
  condition: process.name in (shell_binaries)
  tests: {match: [{event: {kind: process.exec}, process: {pid: 1, name: shell_binaries}}]}
`);
  assert.deepEqual(loaded.errors, []);
  assert.match(loaded.warnings.join('\n'), /shell_binaries is not a defined list/);
});

test('stateful Vigil rules: sequence with ${step.field} binding, threshold with distinct, absence, and their stream tests', () => {
  const loaded = load(`
- rule: vigil.bruteforce.ssh-success-after-failures
  type: sequence
  key: [source.ip]
  within: 10m
  title: {en: Brute force succeeded, zh: 暴力破解成功}
  description: {en: d, zh: 描述}
  severity: high
  attack: [T1110.001]
  output: "login %user.name from %source.ip"
  steps:
    - {id: failures, kinds: [auth.login], condition: event.outcome = failure, count: 2}
    - {id: success, kinds: [auth.login], condition: 'event.outcome = success and user.name = \${failures.user.name}'}
  tests:
    match:
      - [{event: {kind: auth.login, outcome: failure}, source: {ip: 1.2.3.4}, user: {name: root}}, {event: {kind: auth.login, outcome: failure}, source: {ip: 1.2.3.4}, user: {name: root}}, {event: {kind: auth.login, outcome: success}, source: {ip: 1.2.3.4}, user: {name: root}}]
    no_match:
      - [{event: {kind: auth.login, outcome: failure}, source: {ip: 1.2.3.4}, user: {name: root}}, {event: {kind: auth.login, outcome: failure}, source: {ip: 1.2.3.4}, user: {name: root}}, {event: {kind: auth.login, outcome: success}, source: {ip: 1.2.3.4}, user: {name: bob}}]

- rule: vigil.lateral.ssh-fanout
  type: threshold
  kinds: [network.connect]
  condition: destination.port = 22
  key: [process.entity_id]
  distinct: destination.ip
  count: 2
  within: 1m
  title: {en: fan-out, zh: 扇出}
  description: {en: d, zh: 描述}
  severity: medium
  tests:
    match: [[{event: {kind: network.connect}, process: {pid: 1, entity_id: e}, destination: {ip: 10.0.0.1, port: 22}}, {event: {kind: network.connect}, process: {pid: 1, entity_id: e}, destination: {ip: 10.0.0.2, port: 22}}]]
    no_match: [[{event: {kind: network.connect}, process: {pid: 1, entity_id: e}, destination: {ip: 10.0.0.1, port: 22}}, {event: {kind: network.connect}, process: {pid: 1, entity_id: e}, destination: {ip: 10.0.0.1, port: 22}}]]

- rule: vigil.defense.agent-stopped-not-restarted
  type: absence
  key: [host.id]
  within: 2m
  title: {en: agent gone, zh: 代理停止}
  description: {en: d, zh: 描述}
  severity: high
  steps:
    - {id: stopped, kinds: [process.exit], condition: process.name = vigil-agent}
    - {id: restarted, kinds: [process.exec], condition: process.name = vigil-agent}
  tests:
    match: [[{event: {kind: process.exit}, process: {pid: 1, name: vigil-agent}}]]
    no_match: [[{event: {kind: process.exit}, process: {pid: 1, name: vigil-agent}}, {event: {kind: process.exec}, process: {pid: 2, name: vigil-agent}}]]
`);
  assert.deepEqual(loaded.errors, []);
  assert.deepEqual(loaded.rules.map((r) => r.correlation?.type), ['sequence', 'threshold', 'absence']);
  assert.deepEqual(loaded.rules[2].correlation?.steps[0].key, [], 'host.id is implicit');
  const results = runRuleTests(loaded.rules);
  assert.deepEqual(results.map((r) => [r.rule.id, r.cases, r.failures]), [
    ['vigil.bruteforce.ssh-success-after-failures', 2, []],
    ['vigil.lateral.ssh-fanout', 2, []],
    ['vigil.defense.agent-stopped-not-restarted', 2, []],
  ]);
});

test('stateful problems: binding to a later step, a missing within, absence with three steps, a single-event test given to a stateful rule', () => {
  const head = (type: string) => `
- rule: vigil.s.t
  type: ${type}
  title: {en: t, zh: 标题}
  description: {en: d, zh: 描述}
  severity: low
  key: [source.ip]
`;
  const step = (id: string, cond = 'event.outcome = failure') => `    - {id: ${id}, kinds: [auth.login], condition: '${cond}'}\n`;
  const cases: [string, RegExp][] = [
    [`${head('sequence')}  within: 1m\n  steps:\n${step('a', 'user.name = ${b.user.name}')}${step('b')}`, /\$\{b\.user\.name\} names no earlier step/],
    [`${head('sequence')}  steps:\n${step('a')}${step('b')}`, /within must be a duration/],
    [`${head('absence')}  within: 1m\n  steps:\n${step('a')}${step('b')}${step('c')}`, /steps must be a list of exactly 2 steps/],
    [`${head('sequence')}  within: 1m\n  steps:\n${step('a')}${step('b')}  tests: {match: [{event: {kind: auth.login}}]}`, /must be a list of events \(a stream\)/],
  ];
  for (const [text, want] of cases) {
    const loaded = load(text);
    assert.equal(loaded.errors.length, 1, `${want}: ${loaded.errors.join(' | ')}`);
    assert.match(loaded.errors[0], want);
  }
});

test('a failing inline test is reported per case', () => {
  const loaded = load(WEBSHELL.replace('name: php-fpm8.2}}}', 'name: cron}}}').replace('name: systemd}}}', 'name: nginx}}}'));
  assert.deepEqual(runRuleTests(loaded.rules)[0].failures, ['match 1: did not raise the rule', 'no_match 1: raised the rule (Shell sh started by nginx (pid 11) in <NA>)']);
});
