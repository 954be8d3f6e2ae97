/**
 * A short live end-to-end check of the built-in pack: the real agent (eBPF) records while a few
 * atomic-red-team tests run in throwaway containers of the project's bookworm base image, then
 * the recording is replayed through `vigil detect`; each test must raise an alert carrying its
 * technique. The full figure (≥ 40 tests) is bench/atomic-red-team.ts. Needs root, Docker and the
 * image from scripts/testing/bookworm-image.sh; skipped with the reason otherwise.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AttackCatalog } from '@vigil/schema';
import { selectAtomicTests } from '../../../bench/atomic/catalog.ts';
import { runAtomicTest, type AtomicRun } from '../../../bench/atomic/run-test.ts';
import { AgentRecording } from '../../../bench/live/agent-recording.ts';
import { carriesTechnique, replay } from '../../../bench/live/replay.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const corpora = resolve(repo, '../shared/corpora');
const IMAGE = 'vigil-test/bookworm:base';
/** One per tactic that the base image's own tools can carry out: evasion, persistence, hiding, masquerading. */
const TECHNIQUES = ['T1070.003', 'T1546.004', 'T1136.001', 'T1564.001', 'T1070.006', 'T1036.005'];

function unavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root for the eBPF sensor';
  try {
    execFileSync('docker', ['image', 'inspect', IMAGE], { stdio: 'ignore' });
  } catch {
    return `needs Docker and ${IMAGE} (scripts/testing/bookworm-image.sh)`;
  }
  return undefined;
}

const skip = unavailable();
test('atomic tests in throwaway containers raise alerts with their techniques', { skip, timeout: 100_000 }, async () => {
  const attack = await AttackCatalog.read(join(corpora, 'attack/enterprise-attack-trimmed.tar.gz'));
  const tests = selectAtomicTests(join(corpora, 'atomic-red-team/atomics-yaml.tar.gz'), attack).filter((t) => TECHNIQUES.includes(t.technique));
  assert.equal(tests.length, TECHNIQUES.length);
  const dir = mkdtempSync(join(tmpdir(), 'vrule-live-'));
  const events = join(dir, 'events.jsonl');
  try {
    const agent = await AgentRecording.start(repo, events);
    const runs: AtomicRun[] = [];
    try {
      for (const [i, t] of tests.entries()) runs.push(await runAtomicTest(t, IMAGE, i, 15_000));
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      await agent.stop();
    }
    const alerts = await replay(repo, events);
    const missed = runs.filter((r) => !alerts.some((a) => a.container?.id === r.containerId && carriesTechnique(a, r.test.technique)));
    assert.deepEqual(missed.map((r) => `${r.test.technique} ${r.test.name}`), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
