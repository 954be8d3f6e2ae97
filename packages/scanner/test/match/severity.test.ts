import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decidingScore,
  levelFromScore,
  levelFromVendor,
  mergeCvss,
  severityOf,
  severityRank,
} from '../../src/match/severity.ts';

test('score thresholds: CRITICAL >= 9, HIGH >= 7, MEDIUM >= 4, LOW > 0', () => {
  assert.equal(levelFromScore(9), 'CRITICAL');
  assert.equal(levelFromScore(8.9), 'HIGH');
  assert.equal(levelFromScore(7), 'HIGH');
  assert.equal(levelFromScore(6.9), 'MEDIUM');
  assert.equal(levelFromScore(4), 'MEDIUM');
  assert.equal(levelFromScore(3.9), 'LOW');
  assert.equal(levelFromScore(0.1), 'LOW');
  assert.equal(levelFromScore(0), 'NEGLIGIBLE');
});

test('vendor words of Debian, GHSA, Red Hat and Ubuntu map to levels', () => {
  assert.equal(levelFromVendor('unimportant'), 'NEGLIGIBLE');
  assert.equal(levelFromVendor('low'), 'LOW');
  assert.equal(levelFromVendor('medium**'), 'MEDIUM');
  assert.equal(levelFromVendor('high*'), 'HIGH');
  assert.equal(levelFromVendor('MODERATE'), 'MEDIUM');
  assert.equal(levelFromVendor('Important'), 'HIGH');
  assert.equal(levelFromVendor('critical'), 'CRITICAL');
  assert.equal(levelFromVendor('negligible'), 'NEGLIGIBLE');
  assert.equal(levelFromVendor('not yet assigned'), undefined);
  assert.equal(levelFromVendor(undefined), undefined);
});

test('the newest CVSS version with a score decides, over older versions and vendor words', () => {
  const cvss = [
    { version: '2.0', vector: 'AV:N/AC:L/Au:N/C:C/I:C/A:C', score: 10 },
    { version: '3.1', vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', score: 5.5, source: 'nvd' },
    { version: '3.1', vector: 'CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N', score: 4.7, source: 'ghsa' },
    { version: '4.0', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
  ];
  assert.equal(decidingScore(cvss)?.score, 5.5);
  const s = severityOf(cvss, 'high');
  assert.equal(s.level, 'MEDIUM');
  assert.equal(s.vendor, 'high');
  assert.equal(s.cvss.length, 4);
});

test('without a scored CVSS the vendor word decides, else UNKNOWN', () => {
  assert.equal(severityOf([{ version: '4.0', vector: 'CVSS:4.0/AV:N' }], 'moderate').level, 'MEDIUM');
  assert.equal(severityOf([], 'unimportant').level, 'NEGLIGIBLE');
  assert.equal(severityOf([], undefined).level, 'UNKNOWN');
  assert.equal(severityOf([], 'untriaged').level, 'UNKNOWN');
});

test('severity rank orders levels', () => {
  assert.ok(severityRank('CRITICAL') > severityRank('HIGH'));
  assert.ok(severityRank('NEGLIGIBLE') > severityRank('UNKNOWN'));
});

test('mergeCvss keeps one entry per version, vector and source, preferring a scored one', () => {
  const v = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
  const merged = mergeCvss([
    [{ version: '3.1', vector: v, source: 'nvd' }],
    [
      { version: '3.1', vector: v, source: 'nvd', score: 9.8 },
      { version: '3.1', vector: v, source: 'ghsa', score: 9.8 },
    ],
  ]);
  assert.deepEqual(merged, [
    { version: '3.1', vector: v, source: 'nvd', score: 9.8 },
    { version: '3.1', vector: v, source: 'ghsa', score: 9.8 },
  ]);
});
