import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff } from '../../src/spool/backoff.ts';
import { Periodic } from '../../src/uplink/periodic.ts';
import { waitUntil } from '../spool/receiver.ts';

describe('Periodic', () => {
  it('runs at once, retries a failure with backoff and then waits the full interval, warning once', async () => {
    let runs = 0;
    const warnings: string[] = [];
    const periodic = new Periodic(
      'report',
      async () => {
        runs += 1;
        if (runs <= 2) throw new Error(`attempt ${runs} failed`);
      },
      60_000,
      (m) => warnings.push(m),
      new Backoff({ initialMs: 5, maxMs: 5 }),
    );
    periodic.start();
    await waitUntil('the retries', () => runs === 3, 5_000);
    await new Promise((r) => setTimeout(r, 100));
    await periodic.stop();
    assert.equal(runs, 3, 'after a success the next run waits the interval');
    assert.deepEqual(warnings, ['report: attempt 1 failed; retrying']);
  });
});
