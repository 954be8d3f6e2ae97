import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { HostSensors } from '../../src/runtime/host-sensors.ts';
import { ProcPollingSensor } from '../../src/sensors/proc-sensor.ts';
import { waitUntil } from '../spool/receiver.ts';

describe('HostSensors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vagt-host-sensors-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('follows pushed config: FIM moves to new trees, the process sensor goes off and on, limits change', async () => {
    const [first, second] = [join(dir, 'first'), join(dir, 'second')];
    mkdirSync(first);
    mkdirSync(second);
    const events: VigilEvent[] = [];
    const sensors = new HostSensors({ host: { id: 'h' }, onEvent: (e) => events.push(e), processSensors: () => [new ProcPollingSensor()], fim: { stateDir: join(dir, 'state'), paths: [first] } });
    const changed = (path: string) => events.some((e) => e.event.kind === 'file.change' && e.file?.path === path);
    try {
      assert.equal(await sensors.start(), 'proc');
      await waitUntil('first baseline', () => sensors.health().fim.state === 'running', 10_000);
      await sensors.apply({ fim_paths: [second], rate_limits: { exec: { per_second: 1, burst: 1 } } });
      await waitUntil('second baseline', () => sensors.health().fim.state === 'running', 10_000);
      assert.deepEqual(sensors.health().fim.paths, [second]);
      writeFileSync(join(first, 'old.txt'), 'x');
      writeFileSync(join(second, 'new.txt'), 'x');
      await waitUntil('change in the new tree', () => changed(join(second, 'new.txt')), 5_000);
      assert.equal(changed(join(first, 'old.txt')), false, 'the old tree is no longer watched');

      await sensors.apply({ sensors: { process: false } });
      assert.deepEqual(sensors.health().process, { state: 'off' });
      await sensors.apply({ sensors: { process: true } });
      assert.equal((sensors.health().process as { state: string }).state, 'running');
      // With the pushed limit of 1 exec/s, a burst of execs is cut and counted.
      for (let i = 0; i < 5; i++) spawn('sleep', ['2'], { stdio: 'ignore' });
      await waitUntil('drops counted', () => (sensors.limiter.dropped().exec ?? 0) > 0, 5_000);
    } finally {
      await sensors.stop();
    }
  });
});
