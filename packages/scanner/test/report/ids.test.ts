import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportUuid, shortHash } from '../../src/report/ids.ts';
import { report } from './sample-report.ts';

test('report UUIDs are RFC 9562 version-5 shaped and stable for one report', () => {
  const id = reportUuid(report);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(reportUuid(report), id);
  assert.notEqual(reportUuid({ ...report, createdAt: '2024-05-01T12:34:57.000Z' }), id);
  assert.notEqual(reportUuid({ ...report, target: { ...report.target, name: 'other' } }), id);
});

test('short hashes separate their parts', () => {
  assert.match(shortHash('a'), /^[0-9a-f]{16}$/);
  assert.notEqual(shortHash('ab', 'c'), shortHash('a', 'bc'));
});
