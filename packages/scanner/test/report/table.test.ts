import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderTable, severityCounts } from '../../src/report/table.ts';
import { findings, report } from './sample-report.ts';

test('header: target, OS and package count, then the severity summary', () => {
  const lines = renderTable(report).split('\n');
  assert.equal(lines[0], 'Target / 扫描目标: registry.example/app:1.0 (image)');
  assert.equal(lines[1], 'OS / 操作系统: Debian GNU/Linux 12 (bookworm) (debian 12)');
  assert.equal(lines[2], 'Packages / 软件包: 6');
  assert.equal(lines[3], 'Vulnerabilities / 漏洞: 4 (CRITICAL: 2, HIGH: 0, MEDIUM: 0, LOW: 0, NEGLIGIBLE: 1, UNKNOWN: 1)');
});

test('one section per origin, OS first, each with its counts and a findings table', () => {
  const text = renderTable(report);
  const sections = ['OS packages / 系统软件包:', 'app/lib/log4j-core-2.14.1.jar (Maven)', 'app/package-lock.json (npm)', 'usr/local/bin/app (Go)'];
  let last = -1;
  for (const s of sections) {
    const at = text.indexOf(s);
    assert.ok(at > last, `${s} missing or out of order`);
    last = at;
  }
  const row = text.split('\n').find((l) => l.includes('CVE-2023-45133'))!;
  for (const cell of ['@babel/traverse', 'CRITICAL', 'fixed', '7.22.5', '7.23.2, 8.0.0-alpha.4']) assert.ok(row.includes(cell), cell);
  const wontFix = text.split('\n').find((l) => l.includes('CVE-2023-5678'))!;
  assert.ok(wontFix.includes('wont-fix') && wontFix.includes('NEGLIGIBLE') && wontFix.includes('libssl3'));
  assert.ok(text.includes('Vulnerability / 漏洞') && text.includes('Fixed / 修复版本'));
  assert.ok(text.includes('Total / 合计: 1 (CRITICAL: 1, HIGH: 0'));
  assert.ok(!/\u001b\[/.test(text), 'no ANSI colour codes');
});

test('long titles are cut to one short line', () => {
  const long = { ...findings[1], title: `${'word '.repeat(40)}\nsecond line` };
  const row = renderTable({ ...report, findings: [long] }).split('\n').find((l) => l.includes('CVE-2023-45133'))!;
  assert.ok(row.includes('…'));
  assert.ok(!row.includes('second line'));
});

test('no findings with a database says so; without a database the packages are listed', () => {
  assert.ok(renderTable({ ...report, findings: [] }).includes('No vulnerabilities found / 未发现漏洞'));
  const inventory = renderTable({ ...report, findings: [], database: undefined });
  assert.ok(inventory.includes('packages only'));
  const row = inventory.split('\n').find((l) => l.includes('zlib1g'))!;
  assert.ok(row.includes('1:1.2.13.dfsg-1') && row.includes('deb') && row.includes('var/lib/dpkg/status'));
  assert.ok(inventory.indexOf('zlib1g') < inventory.indexOf('requests'), 'OS section first');
});

test('severity counts cover every level', () => {
  assert.deepEqual(severityCounts(findings), { UNKNOWN: 1, NEGLIGIBLE: 1, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 2 });
});

test('a target without OS has no OS line', () => {
  const fs = renderTable({ ...report, target: { kind: 'fs', name: '.' }, findings: [findings[1]] });
  assert.ok(!fs.includes('OS / 操作系统'));
  assert.ok(fs.startsWith('Target / 扫描目标: . (fs)'));
});
