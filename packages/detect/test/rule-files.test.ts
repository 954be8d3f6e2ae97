import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isUserError } from '@vigil/schema';
import { corpus } from '../../schema/test-support/corpora.ts';
import { loadRulePaths, ruleFilePaths } from '../src/rule-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-rule-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('directories expand to their YAML files, sorted and recursive; named files are taken as given', () => {
  mkdirSync(join(dir, 'tree/sub'), { recursive: true });
  for (const f of ['tree/b.yaml', 'tree/a.yml', 'tree/sub/c.yaml', 'tree/notes.txt']) writeFileSync(join(dir, f), '');
  assert.deepEqual(ruleFilePaths([join(dir, 'tree'), join(dir, 'tree/notes.txt')]).map((p) => p.slice(dir.length + 1)), ['tree/a.yml', 'tree/b.yaml', 'tree/sub/c.yaml', 'tree/notes.txt']);
});

test("Falco's rules directory loads through the Falco loader, with macros spanning files", () => {
  const loaded = loadRulePaths([corpus('falco/rules')]);
  assert.equal(loaded.rules.length, 93);
  assert.ok(loaded.rules.every((r) => r.source === 'falco'));
});

test('files in no known language, bad YAML and missing paths are one-line user errors', () => {
  const other = join(dir, 'compose.yaml');
  writeFileSync(other, 'services:\n  web: {}\n');
  assert.throws(() => loadRulePaths([other]), (e: unknown) => isUserError(e) && /compose\.yaml: not a rules file in a language Vigil reads \(vigil, falco, sigma\)/.test(e.message));
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, '- rule: x\n  condition: "open\n');
  assert.throws(() => loadRulePaths([bad]), (e: unknown) => isUserError(e) && /bad\.yaml:\d+: invalid YAML/.test(e.message));
  assert.throws(() => loadRulePaths([join(dir, 'missing')]), (e: unknown) => isUserError(e) && /missing: cannot read rules: ENOENT/.test(e.message));
});

test('Vigil rules with errors refuse to load: the first error, and how many more lint lists', () => {
  const rules = join(dir, 'vigil.yaml');
  const rule = (id: string) => `- rule: ${id}\n  title: {en: t, zh: 标题}\n  description: {en: d}\n  severity: low\n  kinds: [process.exec]\n  condition: process.name = sh\n`;
  writeFileSync(rules, rule('vigil.a.one') + rule('vigil.a.two'));
  assert.throws(() => loadRulePaths([rules]), (e: unknown) => isUserError(e) && /vigil\.yaml:3: rule vigil\.a\.one: description lacks zh text \(and 1 more: vigil rules lint lists them\)$/.test(e.message));
});

test('in a directory, YAML in no rule language is skipped with a warning; lists-only files join their directory\'s rules', () => {
  const pack = join(dir, 'pack');
  mkdirSync(join(pack, 'compliance'), { recursive: true });
  writeFileSync(join(pack, 'compliance/bench.yaml'), 'benchmark: x\nchecks: []\n');
  writeFileSync(join(pack, 'a-lists.yaml'), '- list: shells\n  items: [sh]\n');
  writeFileSync(join(pack, 'b.yaml'), '- rule: vigil.a.b\n  title: {en: t, zh: 标题}\n  description: {en: d, zh: 描述}\n  severity: low\n  kinds: [process.exec]\n  condition: process.name in (shells)\n');
  const loaded = loadRulePaths([pack]);
  assert.deepEqual(loaded.rules.map((r) => [r.id, r.source]), [['vigil.a.b', 'vigil']]);
  assert.deepEqual(loaded.warnings, [`${join(pack, 'compliance/bench.yaml')}: not a rules file in a language Vigil reads (vigil, falco, sigma); skipped`]);
});
