import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import type { Expr } from '../../src/condition/ast.ts';
import { compileExpr, evalContext, FieldSlots } from '../../src/compile.ts';
import { sigmaResolver } from '../../src/sigma/fields.ts';
import { base64Variants, fieldExpr, jsRegex, literalGlob, SigmaRuleError, sigmaGlob, windashVariants, type SigmaValue } from '../../src/sigma/modifiers.ts';

const resolve = sigmaResolver('sysmon');
const exec = (process: Partial<NonNullable<VigilEvent['process']>>, extra: Partial<VigilEvent> = {}): VigilEvent => ({
  time: '2026-01-01T00:00:00Z', event: { kind: 'process.exec' }, host: { id: 'h' }, process: { pid: 1, ...process }, ...extra,
});

/** Whether `Field|mods: values` matches the event. */
function matches(key: string, values: SigmaValue | SigmaValue[], ev: VigilEvent): boolean {
  const [name, ...mods] = key.split('|');
  const ref = { name };
  const e: Expr = fieldExpr(ref, mods, Array.isArray(values) ? values : [values], { type: resolve(ref).type });
  const slots = new FieldSlots();
  const p = compileExpr(e, resolve, slots);
  const ctx = evalContext(slots);
  ctx.ev = ev;
  ctx.num = 1;
  return p(ctx);
}

const cmd = (command_line: string) => exec({ command_line, executable: '/usr/bin/Tool' });

test('plain values match the whole value, caselessly, with * and ? wildcards', () => {
  assert.ok(matches('Image', '/usr/bin/tool', cmd('x')));
  assert.ok(!matches('Image', '/usr/bin/too', cmd('x')));
  assert.ok(matches('Image', '/usr/*/t??l', cmd('x')));
  assert.ok(!matches('Image', '/usr/*/t?l', cmd('x')));
});

test('contains, startswith and endswith anchor the value', () => {
  assert.ok(matches('CommandLine|contains', 'BASH -i', cmd('x bash -i y')));
  assert.ok(!matches('CommandLine|contains', 'bash -c', cmd('x bash -i y')));
  assert.ok(matches('CommandLine|startswith', 'x bash', cmd('x bash -i y')));
  assert.ok(!matches('CommandLine|startswith', 'bash', cmd('x bash -i y')));
  assert.ok(matches('Image|endswith', '/tool', cmd('x')));
  assert.ok(!matches('Image|endswith', '/usr', cmd('x')));
});

test('a list matches any value; |all requires every one', () => {
  assert.ok(matches('CommandLine|contains', ['nope', 'curl'], cmd('curl http://x')));
  assert.ok(!matches('CommandLine|contains|all', ['nope', 'curl'], cmd('curl http://x')));
  assert.ok(matches('CommandLine|contains|all', ['http', 'curl'], cmd('curl http://x')));
});

test('|cased matches case-sensitively', () => {
  assert.ok(!matches('Image|endswith|cased', '/tool', cmd('x')));
  assert.ok(matches('Image|endswith|cased', '/Tool', cmd('x')));
});

test('escaped wildcards and brackets are literal', () => {
  assert.equal(sigmaGlob('a\\*b[c]?'), 'a[*]b[[]c]?');
  assert.equal(literalGlob('a*b?[c'), 'a[*]b[?][[]c');
  assert.ok(matches('CommandLine', 'echo \\*', cmd('echo *')));
  assert.ok(!matches('CommandLine', 'echo \\*', cmd('echo x')));
  assert.ok(matches('CommandLine|contains', '[x]', cmd('a [x] b')));
});

test('|re is a regular expression, case-sensitive unless |i or (?i)', () => {
  assert.ok(matches('CommandLine|re', '[0-9]{1,3}\\.[0-9]{1,3}', cmd('ping 10.2')));
  assert.ok(!matches('CommandLine|re', 'PING', cmd('ping 10.2')));
  assert.ok(matches('CommandLine|re|i', 'PING', cmd('ping 10.2')));
  assert.ok(matches('CommandLine|re', '(?i)^PING [0-9]', cmd('ping 10.2')));
  assert.equal(jsRegex('(?i)a[^b-c\\d_]\\d{2}', false), '[aA][^b-c\\d_B-C]\\d{2}');
  assert.ok(matches('CommandLine|re|i', '^[A-Z]+ [0-9]', cmd('ping 10.2')));
  assert.throws(() => jsRegex('(', false), SigmaRuleError);
  assert.throws(() => matches('CommandLine|re|s', 'a.b', cmd('a\nb')), /flags m and s/);
});

test('|base64 and |base64offset match the encoded value at any alignment', () => {
  assert.deepEqual(base64Variants('#!/bin/bash', false), ['IyEvYmluL2Jhc2g=']);
  // The three alignments; the first is the one Sigma rules spell out for `#!/bin/bash`.
  assert.deepEqual(base64Variants('#!/bin/bash', true), ['IyEvYmluL2Jhc2', 'MhL2Jpbi9iYXNo', 'jIS9iaW4vYmFza']);
  for (const prefix of ['', 'x', 'xy']) {
    const encoded = Buffer.from(`${prefix}#!/bin/bash\nid`).toString('base64');
    assert.ok(matches('CommandLine|base64offset|contains', '#!/bin/bash', cmd(`echo ${encoded} | base64 -d`)), prefix);
  }
  assert.ok(!matches('CommandLine|base64offset|contains', '#!/bin/bash', cmd('echo IYEVYMLUL2JHC2G')));
});

test('|windash accepts - / and Unicode dashes for options', () => {
  assert.deepEqual(windashVariants('tool -x a-b'), ['tool -x a-b', 'tool /x a-b', 'tool \u2013x a-b', 'tool \u2014x a-b', 'tool \u2015x a-b']);
  assert.ok(matches('CommandLine|windash|contains', ' -enc ', cmd('p /enc x')));
});

test('|exists and null test presence', () => {
  assert.ok(matches('CurrentDirectory|exists', true, exec({ working_directory: '/tmp' })));
  assert.ok(!matches('CurrentDirectory|exists', true, exec({})));
  assert.ok(matches('CurrentDirectory|exists', false, exec({})));
  assert.ok(matches('CurrentDirectory', null, exec({})));
  assert.ok(!matches('CurrentDirectory', null, exec({ working_directory: '/tmp' })));
});

test('|gt |gte |lt |lte compare numbers, and only on numeric fields', () => {
  const ev = exec({}, { event: { kind: 'network.connect' }, destination: { ip: '10.0.0.1', port: 4444 } });
  assert.ok(matches('DestinationPort|gt', 1024, ev));
  assert.ok(!matches('DestinationPort|lt', 1024, ev));
  assert.ok(matches('DestinationPort|gte', 4444, ev) && matches('DestinationPort|lte', 4444, ev));
  assert.ok(matches('DestinationPort', 4444, ev));
  assert.throws(() => matches('Image|gt', 3, ev), SigmaRuleError);
});

test('|cidr matches addresses inside networks', () => {
  const ev = exec({}, { event: { kind: 'network.connect' }, destination: { ip: '192.168.4.20', port: 22 } });
  assert.ok(matches('DestinationIp|cidr', ['10.0.0.0/8', '192.168.0.0/16'], ev));
  assert.ok(!matches('DestinationIp|cidr', '10.0.0.0/8', ev));
});

test('|fieldref compares two fields of the event', () => {
  assert.ok(matches('Image|fieldref', 'ParentImage', exec({ executable: '/bin/a', parent: { executable: '/bin/a' } })));
  assert.ok(!matches('Image|fieldref', 'ParentImage', exec({ executable: '/bin/a', parent: { executable: '/bin/b' } })));
});

test('unknown or conflicting modifiers are rule errors', () => {
  assert.throws(() => matches('Image|expand', '%x%', cmd('x')), /modifier 'expand'/);
  assert.throws(() => matches('Image|contains|endswith', 'x', cmd('x')), /cannot be combined/);
});
