/**
 * The mlps-l3 report covers every test item L3-CES1-01 … 34 with checks or manual steps, grouped
 * by item, in English and Chinese; a check file that leaves an item uncovered, or is malformed,
 * is refused with a one-line error; the CLI prints table, JSON and HTML and exits non-zero on a
 * user error.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CHECKS_DIR, parseCheckFile, renderCompliance, runProfile, type ComplianceReport } from '@vigil/compliance';
import { runVigil } from '../../cli/test-support/run-cli.ts';
import { fixtureRoot } from './fixture-root.ts';

const root = fixtureRoot();
let mlps: ComplianceReport;
const ITEMS = Array.from({ length: 34 }, (_, i) => `L3-CES1-${String(i + 1).padStart(2, '0')}`);

before(async () => {
  root.file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n');
  root.file('etc/shadow', 'root:*:19000:0:99999:7:::\n', 0o640);
  mlps = await runProfile('mlps-l3', { root: root.dir });
});

after(() => root.remove());

test('every L3-CES1 item is a group with at least one check or manual step, titled in both languages', () => {
  assert.deepEqual(mlps.groups.map((g) => g.id), ITEMS);
  const byId = new Map(mlps.results.map((r) => [r.id, r]));
  for (const g of mlps.groups) {
    assert.ok(g.results.length > 0, `${g.id} has nothing`);
    assert.ok(g.title.en.length > 10 && /[\u4e00-\u9fff]/.test(g.title.zh), `${g.id} title`);
    for (const id of g.results) {
      const r = byId.get(id)!;
      assert.ok(r.title.en && /[\u4e00-\u9fff]/.test(r.title.zh), `${id} title`);
      assert.ok(r.mappings?.mlps?.includes(g.id));
    }
  }
  // Items no probe can judge are explicit manual steps with what to verify.
  const manual = mlps.results.filter((r) => r.status === 'manual' && r.id.startsWith('mlps.'));
  assert.ok(manual.length >= 20 && manual.every((r) => r.evidence.length > 30));
});

test('the table and HTML reports are grouped by item with Chinese headings', () => {
  const table = renderCompliance(mlps, 'table');
  assert.match(table, /^L3-CES1-01 {2}Identification and authentication a\) .* \/ 身份鉴别 a\)/m);
  assert.match(table, /不符合|通过|人工核查/);
  const html = renderCompliance(mlps, 'html');
  for (const item of ITEMS) assert.ok(html.includes(`<h2>${item} `), item);
  assert.ok(html.includes('等保 2.0 第三级'));
});

test('an MLPS item with no check or manual step is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vcmp-checks-'));
  try {
    cpSync(DEFAULT_CHECKS_DIR, dir, { recursive: true });
    const file = join(dir, 'mlps-l3.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/  - \{ id: mlps\.33\.manual.*\n/, ''));
    await assert.rejects(runProfile('mlps-l3', { root: root.dir, checksDir: dir }), /mlps-l3: no check or manual step for L3-CES1-33/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('malformed check files fail to load with the file and the check named', () => {
  const ok = 'benchmark: b\ntitle: { en: B, zh: 乙 }\nchecks:\n';
  assert.throws(() => parseCheckFile(`${ok}  - { id: x1, title: { en: X, zh: 甲 }, audit: { probe: nope } }\n`, 'f.yaml'), /f\.yaml: check x1: unknown probe 'nope'/);
  assert.throws(() => parseCheckFile(`${ok}  - { id: x1, title: { en: X }, audit: { probe: manual, steps: s } }\n`, 'f.yaml'), /check x1: title needs both en and zh/);
  assert.throws(() => parseCheckFile(`${ok}  - { id: x1, title: { en: X, zh: 甲 }, audit: { probe: sysctl, key: a.b, op: near, value: "1" } }\n`, 'f.yaml'), /audit.op 'near' is unknown/);
  assert.throws(() => parseCheckFile(`${ok}  - { id: x1, title: { en: X, zh: 甲 }, mappings: { mlps: [CES-1] }, audit: { probe: manual, steps: s } }\n`, 'f.yaml'), /mappings.mlps/);
});

test('vigil compliance run: JSON has one object per check; an unknown profile is one line and exit 2', () => {
  const json = runVigil(['compliance', 'run', '--profile', 'host-baseline', '--root', root.dir, '--format', 'json']);
  assert.equal(json.status, 0, json.stderr);
  const report = JSON.parse(json.stdout) as ComplianceReport;
  assert.ok(report.results.length > 40);
  for (const r of report.results) assert.ok(r.id && r.status && r.title.en && r.title.zh && typeof r.evidence === 'string');
  const bad = runVigil(['compliance', 'run', '--profile', 'cis-nothing', '--root', root.dir]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^vigil: unknown profile 'cis-nothing' \(known: .*host-baseline.*\)\n$/);
  const missing = runVigil(['compliance', 'run', '--profile', 'k8s-workloads', '--manifests', `${root.dir}/absent`]);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, `vigil: no such file or directory: ${root.dir}/absent\n`);
  const gate = runVigil(['compliance', 'run', '--profile', 'host-baseline', '--root', root.dir, '--exit-code', '3']);
  assert.equal(gate.status, 3);
  assert.match(gate.stdout, /pass 通过 \d+ {3}fail 不符合 [1-9]/);
});
