import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AttackCatalog } from '@vigil/schema';
import { corpus } from '../../schema/test-support/corpora.ts';
import { lintRules } from '../src/lint.ts';

const catalog = AttackCatalog.read(corpus('attack/enterprise-attack-trimmed.tar.gz'));

const vigilRule = (attack: string) => `
- rule: vigil.test.attack
  title: {en: t, zh: 标题}
  description: {en: d, zh: 描述}
  severity: low
  attack: [${attack}]
  kinds: [process.exec]
  condition: process.name = sh
`;
const falcoRule = `
- rule: Old technique
  desc: d
  condition: evt.type = execve and proc.name = sh
  output: "sh"
  priority: WARNING
  tags: [T1089, mitre_defense_evasion]
`;

function withFiles(files: Record<string, string>, run: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-lint-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return run(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('ATT&CK ids: unknown and revoked are errors in Vigil rules, warnings in Falco rules; unchecked without a catalog', async () => {
  await withFiles({ 'v.yaml': vigilRule('T1059.004, T9999, T1089'), 'f.yaml': falcoRule }, async (dir) => {
    const report = lintRules([dir], await catalog);
    assert.equal(report.attackChecked, true);
    assert.deepEqual(report.errors, [
      `${join(dir, 'v.yaml')}:2: rule vigil.test.attack: ATT&CK technique T9999 is not in the catalog`,
      `${join(dir, 'v.yaml')}:2: rule vigil.test.attack: ATT&CK technique T1089 (Disabling Security Tools) is revoked; use T1562.001`,
    ]);
    assert.ok(report.warnings.some((w) => /rule falco:old-technique: ATT&CK technique T1089 .* is revoked/.test(w)), report.warnings.join('\n'));
    assert.ok(report.warnings.includes(`${join(dir, 'v.yaml')}:2: rule vigil.test.attack has no inline tests`));
    const unchecked = lintRules([dir]);
    assert.equal(unchecked.attackChecked, false);
    assert.deepEqual(unchecked.errors, []);
  });
});

test('a lists-only file beside Vigil rules is read as Vigil definitions', async () => {
  const lists = '- list: shells\n  items: [sh, bash]\n';
  await withFiles({ 'a-lists.yaml': lists, 'b.yaml': vigilRule('T1059.004').replace('process.name = sh', 'process.name in (shells)') }, async (dir) => {
    const report = lintRules([dir], await catalog);
    assert.deepEqual(report.errors, []);
    assert.equal(report.rules.length, 1);
    assert.equal(report.rules[0].source, 'vigil');
  });
});
