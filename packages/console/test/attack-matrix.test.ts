import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matrixColumns, tacticSlug, TACTICS } from '../app/components/attackTactics.ts';

test('tactics are recognised by id, name or slug; anything else is "other"', () => {
  assert.equal(tacticSlug('TA0002'), 'execution');
  assert.equal(tacticSlug('Defense Evasion'), 'defense-evasion');
  assert.equal(tacticSlug('command_and_control'), 'command-and-control');
  assert.equal(tacticSlug('unknown'), 'other');
});

test('the matrix keeps every tactic in kill-chain order, merges spellings, and sorts techniques by count', () => {
  const columns = matrixColumns({
    tactics: [
      { tactic: 'execution', techniques: [{ technique: 'T1059.004', count: 2 }] },
      { tactic: 'TA0002', techniques: [{ technique: 'T1059.004', count: 1 }, { technique: 'T1204', count: 5 }] },
      { tactic: 'unknown', techniques: [{ technique: 'T1505.003', count: 3 }] },
    ],
  });
  assert.deepEqual(columns.map((c) => c.slug), [...TACTICS.map(([, slug]) => slug), 'other']);
  assert.deepEqual(columns.find((c) => c.slug === 'execution')!.techniques, [{ technique: 'T1204', count: 5 }, { technique: 'T1059.004', count: 3 }]);
  assert.deepEqual(columns.at(-1)!.techniques, [{ technique: 'T1505.003', count: 3 }]);
  assert.equal(matrixColumns({ tactics: [] }).length, TACTICS.length);
});
