import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REPORT_FORMATS, renderReport } from '../../src/report/index.ts';
import { report } from './sample-report.ts';

test('every format renders; json is the ScanReport as is', () => {
  assert.deepEqual([...REPORT_FORMATS], ['table', 'json', 'sarif', 'cyclonedx', 'spdx-json']);
  for (const format of REPORT_FORMATS) assert.ok(renderReport(report, format).length > 0, format);
  assert.deepEqual(JSON.parse(renderReport(report, 'json')), report);
});

test('each format is dispatched to its own writer', () => {
  assert.equal(JSON.parse(renderReport(report, 'sarif')).version, '2.1.0');
  assert.equal(JSON.parse(renderReport(report, 'cyclonedx')).bomFormat, 'CycloneDX');
  assert.equal(JSON.parse(renderReport(report, 'spdx-json')).spdxVersion, 'SPDX-2.3');
  assert.ok(renderReport(report, 'table').startsWith('Target / 扫描目标'));
});
