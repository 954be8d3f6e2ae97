import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CpuBudget, processCpuMs } from '../../src/realtime/cpu-budget.ts';

test('work is admitted while budget remains; an overdraft waits until it is paid back', () => {
  let now = 0;
  const budget = new CpuBudget(100, () => now);
  assert.equal(budget.waitMs(), 0);
  budget.charge(60);
  assert.equal(budget.waitMs(), 0, '40 ms left');
  budget.charge(90);
  // 50 ms in debt at 100 ms per second: half a second.
  assert.equal(budget.waitMs(), 501);
  now = 250;
  assert.equal(budget.waitMs(), 251);
  now = 600;
  assert.equal(budget.waitMs(), 0);
});

test('an idle budget refills to one second of CPU at most, and a clock stepping back refills nothing', () => {
  let now = 0;
  const budget = new CpuBudget(100, () => now);
  now = 60_000;
  budget.charge(150);
  assert.ok(budget.waitMs() > 0, 'a minute idle does not bank a minute of CPU');
  now = 0;
  assert.ok(budget.waitMs() > 0);
});

test('budgets outside (0, 1000] ms per second are refused; the process clock advances', () => {
  assert.throws(() => new CpuBudget(0), RangeError);
  assert.throws(() => new CpuBudget(1500), RangeError);
  const a = processCpuMs();
  let x = 0;
  for (let i = 0; i < 2e6; i++) x += Math.sqrt(i);
  assert.ok(x > 0 && processCpuMs() > a);
});
