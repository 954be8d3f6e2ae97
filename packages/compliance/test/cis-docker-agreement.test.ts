/**
 * bench/cis-docker-agreement.ts on a small docker-bench-security log written here in the shape its
 * output_lib writes (sections with `results`; a result with `details` and `items`; PASS, WARN, INFO
 * and NOTE) and a Vigil report given with --vigil-report, so the comparison does not depend on
 * which containers run on this machine.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'vcmp-agree-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const dockerBenchLog = {
  dockerbenchsecurity: '1.6.0',
  start: 1764820000,
  tests: [
    { id: '1', desc: 'Host Configuration', results: [
      { id: '1.1.1', desc: 'Ensure a separate partition for containers has been created (Automated)', result: 'PASS' },
      { id: '1.1.2', desc: 'Ensure only trusted users are allowed to control Docker daemon (Automated)', result: 'INFO', details: 'doubtfulusers: alice', items: ['alice'] },
    ] },
    { id: '2', desc: 'Docker daemon configuration', results: [
      { id: '2.2', desc: 'Ensure network traffic is restricted between containers on the default bridge (Scored)', result: 'WARN' },
      { id: '2.18', desc: 'Ensure that experimental features are not implemented in production (Scored) (Deprecated)', result: 'INFO' },
    ] },
    { id: '4', desc: 'Container Images and Build File', results: [
      { id: '4.2', desc: 'Ensure that containers use only trusted base images (Manual)', result: 'NOTE' },
    ] },
    { id: '5', desc: 'Container Runtime', results: [
      { id: '5.5', desc: 'Ensure that privileged containers are not used (Automated)', result: 'PASS' },
      { id: '5.10', desc: "Ensure that the host's network namespace is not shared (Automated)", result: 'WARN', details: "Containers running with networking mode 'host':  web", items: ['web'] },
      { id: '5.15', desc: "Ensure that the 'on-failure' container restart policy is set to '5' (Automated)", result: 'PASS' },
      { id: '5.30', desc: "Ensure that Docker's default bridge 'docker0' is not used (Manual)", result: 'INFO', details: 'Containers using docker0 network:  a1:web', items: ['a1:web'] },
    ] },
    { id: '7', desc: 'Docker Swarm Configuration', results: [
      { id: '7.4', desc: "Ensure that Docker's secret management commands are used for managing secrets in a swarm cluster (Manual)", result: 'PASS' },
    ] },
  ],
  checks: 10,
  score: 0,
  end: 1764820030,
};

const vigilReport = {
  profile: 'cis-docker-1.6',
  results: [
    { id: '1.1.1', status: 'pass' },
    { id: '1.1.2', status: 'warn' },
    { id: '2.2', status: 'pass' }, // not what this machine's daemon gives: the report, not a live run, is compared
    { id: '4.2', status: 'manual' },
    { id: '5.5', status: 'pass' },
    { id: '5.10', status: 'fail' },
    { id: '5.15', status: 'fail' },
    { id: '5.30', status: 'warn' },
    { id: '7.4', status: 'manual' },
  ],
};

test('the agreement counts PASS/WARN checks Vigil scores, from the log and the given Vigil report', () => {
  const log = join(dir, 'docker-bench-security.log.json');
  const report = join(dir, 'vigil.json');
  writeFileSync(log, JSON.stringify(dockerBenchLog, null, 2));
  writeFileSync(report, JSON.stringify(vigilReport));
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/cis-docker-agreement.ts', '--docker-bench-log', log, '--vigil-report', report], { cwd: repo, encoding: 'utf8' });
  // Scored by both: 1.1.1, 2.2, 5.5, 5.10, 5.15. INFO/NOTE (1.1.2, 2.18, 4.2, 5.30) and Vigil's manual (7.4) are left out.
  assert.equal(out, 'checks both scored: 5; agree: 3; agreement 60.0 % (goal ≥ 95 %)\n  2.2: docker-bench WARN, Vigil pass\n  5.15: docker-bench PASS, Vigil fail\n');
});
