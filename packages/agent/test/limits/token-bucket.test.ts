import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenBucket } from '../../src/limits/token-bucket.ts';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

function takeAll(b: TokenBucket, n: number): number {
  let admitted = 0;
  for (let i = 0; i < n; i++) if (b.take()) admitted++;
  return admitted;
}

describe('TokenBucket', () => {
  it('admits a full burst at once, then nothing until time passes', () => {
    const c = clock();
    const b = new TokenBucket(10, 5, c.now);
    assert.equal(takeAll(b, 8), 5);
  });

  it('refills at the rate, never above the burst', () => {
    const c = clock();
    const b = new TokenBucket(10, 5, c.now);
    takeAll(b, 5);
    c.advance(300); // 3 tokens
    assert.equal(takeAll(b, 10), 3);
    c.advance(60_000);
    assert.equal(takeAll(b, 100), 5);
  });

  it('keeps fractional refill between calls', () => {
    const c = clock();
    const b = new TokenBucket(10, 1, c.now);
    b.take();
    c.advance(50);
    assert.equal(b.take(), false);
    c.advance(50);
    assert.equal(b.take(), true);
  });

  it('does not refill or drain when the clock steps back', () => {
    const c = clock();
    const b = new TokenBucket(10, 2, c.now);
    takeAll(b, 2);
    c.advance(-1000);
    assert.equal(b.take(), false);
    c.advance(100);
    assert.equal(b.take(), true);
  });

  it('rejects a rate or burst that can never admit anything', () => {
    assert.throws(() => new TokenBucket(0, 5), RangeError);
    assert.throws(() => new TokenBucket(10, 0), RangeError);
  });
});
