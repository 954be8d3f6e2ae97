import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attackFromTags } from '../src/rule.ts';

test('ATT&CK techniques and tactics come from Falco and Sigma style tags', () => {
  assert.deepEqual(attackFromTags(['maturity_stable', 'T1059.004', 'mitre_execution', 'attack.t1611', 'mitre_privilege_escalation', 'T1059.004', 'NIST_800-53_AC-2']), {
    techniques: ['T1059.004', 'T1611'],
    tactics: ['execution', 'privilege-escalation'],
  });
});
