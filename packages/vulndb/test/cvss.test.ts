import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cvss2BaseScore, cvss3BaseScore, cvssFromVector, cvssVersion, severityFromScore } from '../src/cvss.ts';

test('CVSS v3.1 base scores match the specification examples', () => {
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), 9.8);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H'), 10);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H'), 7.8);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N'), 6.1);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:C/C:H/I:N/A:N'), 6.0);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N'), 0);
});

test('scope-changed privileges use the higher PR weights', () => {
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N'), 6.4);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H'), 9.1);
});

test('CVSS v3.0 uses the plain ceiling round-up', () => {
  assert.equal(cvss3BaseScore('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N'), 6.5);
  assert.equal(cvss3BaseScore('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H'), 7.5);
});

test('invalid v3 vectors give no score', () => {
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H'), undefined); // no S
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), undefined);
  assert.equal(cvss3BaseScore('CVSS:2.0/AV:N'), undefined);
});

test('CVSS v2 base scores', () => {
  assert.equal(cvss2BaseScore('AV:N/AC:L/Au:N/C:P/I:P/A:P'), 7.5);
  assert.equal(cvss2BaseScore('AV:L/AC:L/Au:N/C:N/I:N/A:P'), 2.1);
  assert.equal(cvss2BaseScore('(AV:N/AC:M/Au:N/C:C/I:C/A:C)'), 9.3);
  assert.equal(cvss2BaseScore('AV:N/AC:L/Au:N/C:N/I:N/A:N'), 0);
});

test('cvssFromVector detects the version and keeps v4 vectors with the given score', () => {
  assert.deepEqual(cvssFromVector('AV:L/AC:L/Au:N/C:N/I:N/A:P', 'nvd'), {
    version: '2.0',
    vector: 'AV:L/AC:L/Au:N/C:N/I:N/A:P',
    score: 2.1,
    source: 'nvd',
  });
  const v4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
  assert.deepEqual(cvssFromVector(v4), { version: '4.0', vector: v4 });
  assert.deepEqual(cvssFromVector(v4, undefined, 9.3), { version: '4.0', vector: v4, score: 9.3 });
  assert.equal(cvssFromVector('HIGH'), undefined);
  assert.equal(cvssVersion('CVSS:3.0/AV:N'), '3.0');
});

test('severity bands', () => {
  assert.equal(severityFromScore(0), 'NONE');
  assert.equal(severityFromScore(0.1), 'LOW');
  assert.equal(severityFromScore(3.9), 'LOW');
  assert.equal(severityFromScore(4), 'MEDIUM');
  assert.equal(severityFromScore(6.9), 'MEDIUM');
  assert.equal(severityFromScore(7), 'HIGH');
  assert.equal(severityFromScore(8.9), 'HIGH');
  assert.equal(severityFromScore(9), 'CRITICAL');
  assert.equal(severityFromScore(10), 'CRITICAL');
});
