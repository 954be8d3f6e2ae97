/**
 * The built-in runtime pack (rules/runtime): every rule loads and compiles with no lint problem,
 * names ATT&CK techniques that are active in enterprise ATT&CK v18.1 (../shared/corpora), carries
 * both kinds of inline test, and those tests pass; the pack covers the threat themes users name.
 */
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AttackCatalog } from '@vigil/schema';
import { lintRules, runRuleTests, type LintReport } from '../src/index.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const pack = join(repo, 'rules/runtime');
const attackData = join(repo, '../shared/corpora/attack/enterprise-attack-trimmed.tar.gz');

let catalog: AttackCatalog;
let report: LintReport;
before(async () => {
  catalog = await AttackCatalog.read(attackData);
  report = lintRules([pack], catalog);
});

test('the runtime pack lints clean: no errors, no warnings, ATT&CK ids checked', () => {
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.warnings, []);
  assert.equal(report.attackChecked, true);
  assert.ok(report.rules.length >= 60, `only ${report.rules.length} rules loaded`);
  assert.ok(report.rules.every((r) => r.source === 'vigil'));
});

test('every rule names at least one ATT&CK technique, each active in v18.1', () => {
  for (const r of report.rules) {
    assert.ok(r.techniques.length > 0, `${r.id}: no ATT&CK technique`);
    for (const id of r.techniques) assert.equal(catalog.check(id).status, 'active', `${r.id}: ${id}`);
  }
});

test('every rule has a bilingual title, a response hint and match and no_match tests', () => {
  for (const r of report.rules) {
    assert.ok(r.title?.en && r.title.zh, `${r.id}: title`);
    assert.ok(r.response?.en && r.response.zh, `${r.id}: response`);
    assert.ok(r.tests && r.tests.match.length > 0 && r.tests.noMatch.length > 0, `${r.id}: needs both match and no_match tests`);
  }
});

test('every inline test passes', () => {
  const results = runRuleTests(report.rules);
  assert.equal(results.length, report.rules.length);
  assert.deepEqual(
    results.flatMap((r) => r.failures.map((f) => `${r.rule.id}: ${f}`)),
    [],
  );
});

test('the pack covers the runtime threats users name', () => {
  const tags = new Set(report.rules.flatMap((r) => r.tags));
  const themes = ['dropper', 'ransomware', 'tampering', 'webshell', 'authentication', 'brute-force', 'mining', 'lateral-movement', 'malicious-script', 'reverse-shell', 'worm', 'container', 'escape', 'persistence', 'anti-forensics', 'credential-access', 'discovery', 'malware'];
  assert.deepEqual(themes.filter((t) => !tags.has(t)), []);
  const stateful = new Set(report.rules.filter((r) => r.correlation).map((r) => r.correlation!.type));
  assert.deepEqual([...stateful].sort(), ['absence', 'first_seen', 'impossible_travel', 'sequence', 'threshold']);
});
