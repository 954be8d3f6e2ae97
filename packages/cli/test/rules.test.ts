import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { corpus } from '../../schema/test-support/corpora.ts';
import { runVigil } from '../test-support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-rules-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const vigil = (args: string[], env: Record<string, string> = {}) => runVigil(['rules', ...args], { VIGIL_FROM_SOURCE: '1', VIGIL_ATTACK: '', ...env });

const rule = (id: string, extra: string) => `
- rule: ${id}
  title: {en: "Shell in a container", zh: "容器中启动了 Shell"}
  description: {en: "d", zh: "描述"}
  severity: medium
  attack: [T1059.004]
  kinds: [process.exec]
  condition: process.name = sh and container.id exists
${extra}`;
const tests = (match: string, noMatch: string) => `  tests:
    match:
      - {event: {kind: process.exec}, process: {pid: 1, name: ${match}}, container: {id: c1}}
    no_match:
      - {event: {kind: process.exec}, process: {pid: 2, name: ${noMatch}}, container: {id: c1}}
`;
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

test('rules test: pass/fail per rule, the failing case named with file:line, non-zero exit on any failure', () => {
  const good = file('good.yaml', rule('vigil.test.good', tests('sh', 'bash')));
  const ok = vigil(['test', good]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^pass vigil\.test\.good \(2 cases\)$/m);
  assert.match(ok.stdout, /1 passed, 0 failed/);
  const bad = file('bad.yaml', rule('vigil.test.bad', tests('bash', 'sh')));
  const r = vigil(['test', good, bad]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^FAIL vigil\.test\.bad \(2 cases\)\n {2}.*bad\.yaml:2: match 1: did not raise the rule\n {2}.*bad\.yaml:2: no_match 1: raised the rule/m);
  assert.match(r.stdout, /1 passed, 1 failed/);
});

test('rules lint: errors with file:line and exit 1; ATT&CK checked with --attack or VIGIL_ATTACK, and said when not', () => {
  const lines = file('lint.yaml', rule('vigil.test.lint', '  output: "%process.nmae"\n'));
  const revoked = file('revoked.yaml', rule('vigil.test.revoked', tests('sh', 'bash')).replace('T1059.004', 'T1059.004, T1089'));
  const unchecked = vigil(['lint', lines]);
  assert.equal(unchecked.status, 1);
  assert.match(unchecked.stdout, /^error: .*lint\.yaml:9: rule vigil\.test\.lint: output: field process\.nmae unsupported/m);
  assert.match(unchecked.stdout, /ATT&CK ids were not checked/);
  const viaEnv = vigil(['lint', revoked], { VIGIL_ATTACK: corpus('attack') });
  assert.equal(viaEnv.status, 1);
  assert.match(viaEnv.stdout, /^error: .*revoked\.yaml:2: rule vigil\.test\.revoked: ATT&CK technique T1089 \(Disabling Security Tools\) is revoked; use T1562\.001$/m);
  assert.doesNotMatch(viaEnv.stdout, /not checked/);
  const clean = file('clean.yaml', rule('vigil.test.clean', tests('sh', 'bash')));
  const json = vigil(['lint', clean, '--attack', corpus('attack/enterprise-attack-trimmed.tar.gz'), '--format', 'json']);
  assert.equal(json.status, 0, json.stdout + json.stderr);
  assert.deepEqual(JSON.parse(json.stdout), { rules: 1, errors: [], warnings: [], attackChecked: true });
});

test('rules lint: a missing catalog or rules path is a one-line user error', () => {
  const clean = file('clean2.yaml', rule('vigil.test.clean', tests('sh', 'bash')));
  const r = vigil(['lint', clean, '--attack', join(dir, 'nope')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^vigil: .*nope: cannot read the ATT&CK catalog: ENOENT\n$/);
  const missing = vigil(['test', join(dir, 'none.yaml')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^vigil: .*none\.yaml: cannot read rules: ENOENT\n$/);
});
