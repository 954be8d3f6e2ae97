import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backoff } from '../../src/spool/backoff.ts';

test('delays double up to the cap, with jitter between half and all of each step', () => {
  const low = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0 });
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => low.next()), [50, 100, 200, 400, 500, 500]);
  const high = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0.999999 });
  const d = high.next();
  assert.ok(d > 99 && d <= 100);
});

test('reset starts again from the first step', () => {
  const b = new Backoff({ initialMs: 100, random: () => 0 });
  b.next();
  b.next();
  b.reset();
  assert.equal(b.next(), 50);
});
