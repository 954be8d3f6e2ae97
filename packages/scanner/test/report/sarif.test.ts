import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSarif } from '../../src/report/sarif.ts';
import { report } from './sample-report.ts';
import { sarif210 } from './schemas.ts';

const validate = sarif210();

test('validates against the published SARIF 2.1.0 schema', () => {
  const sarif = JSON.parse(renderSarif(report));
  assert.deepEqual(validate(sarif), []);
  const empty = JSON.parse(renderSarif({ ...report, findings: [] }));
  assert.deepEqual(validate(empty), []);
  assert.notDeepEqual(validate({ ...sarif, runs: [{ ...sarif.runs[0], results: [{ level: 'fatal', message: {} }] }] }), []);
});

test('one rule per vulnerability id with help text and security-severity', () => {
  const twice = { ...report, findings: [...report.findings, { ...report.findings[0], locations: [{ path: 'other/log4j.jar' }] }] };
  const run = JSON.parse(renderSarif(twice)).runs[0];
  assert.deepEqual(
    run.tool.driver.rules.map((r: { id: string }) => r.id),
    ['CVE-2021-44228', 'CVE-2023-45133', 'CVE-2023-5678', 'GO-2021-0113'],
  );
  const log4j = run.tool.driver.rules[0];
  assert.equal(log4j.properties['security-severity'], '10.0');
  assert.equal(log4j.helpUri, 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228');
  assert.match(log4j.help.text, /Aliases: GHSA-jfh8-c2jp-5v3q/);
  assert.match(log4j.help.markdown, /\| Severity \| CRITICAL \|/);
  assert.equal(log4j.name, 'LanguagePackageVulnerability');
  const openssl = run.tool.driver.rules[2];
  assert.equal(openssl.name, 'OsPackageVulnerability');
  assert.equal(openssl.properties['security-severity'], '0.0', 'NEGLIGIBLE without CVSS');
  assert.equal(run.tool.driver.rules[3].properties['security-severity'], '0.0');
  assert.equal(run.results.length, 5);
  assert.equal(run.results[4].ruleIndex, 0, 'the second log4j finding reuses the rule');
});

test('one result per finding, located at every path, with level and fingerprint', () => {
  const run = JSON.parse(renderSarif(report)).runs[0];
  const babel = run.results[1];
  assert.equal(babel.ruleId, 'CVE-2023-45133');
  assert.equal(babel.level, 'error');
  assert.deepEqual(
    babel.locations.map((l: { physicalLocation: { artifactLocation: { uri: string } } }) => l.physicalLocation.artifactLocation.uri),
    ['app/package-lock.json', 'app/node_modules/@babel/traverse/package.json'],
  );
  assert.equal(babel.locations[0].properties.layer, report.findings[1].locations[0].layer);
  assert.match(babel.message.text, /Installed Version: 7\.22\.5/);
  assert.match(babel.message.text, /Fixed Version: 7\.23\.2, 8\.0\.0-alpha\.4/);
  assert.equal(run.results[2].level, 'note');
  const fingerprints = run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['vigil/finding/v1']);
  assert.equal(new Set(fingerprints).size, fingerprints.length);
  assert.deepEqual(JSON.parse(renderSarif(report)).runs[0].results, run.results, 'deterministic');
});

test('a finding without locations (SBOM input) is located at the target', () => {
  const run = JSON.parse(renderSarif({ ...report, findings: [{ ...report.findings[0], locations: [] }] })).runs[0];
  assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'registry.example/app:1.0');
  assert.deepEqual(validate(JSON.parse(renderSarif({ ...report, findings: [{ ...report.findings[0], locations: [] }] }))), []);
});
