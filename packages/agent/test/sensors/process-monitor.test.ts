import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { bookwormImages } from '../../../cli/test-support/run-cli.ts';
import { EbpfProcessSensor } from '../../src/sensors/ebpf-sensor.ts';
import { ProcessMonitor } from '../../src/sensors/process-monitor.ts';
import type { ProcessRecord } from '../../src/sensors/process-record.ts';
import { SensorUnavailable, type ProcessSensor } from '../../src/sensors/sensor.ts';
import { ExecCollector, runExecWorkload } from './exec-workload.ts';

/** A sensor driven by the test: it can deliver records, die, or refuse to start. */
class FakeSensor implements ProcessSensor {
  starts = 0;
  #onRecords?: (r: ProcessRecord[]) => void;
  #onFailure?: (e: Error) => void;

  constructor(
    readonly name: string,
    private readonly unavailable?: string,
  ) {}

  async start(onRecords: (r: ProcessRecord[]) => void, onFailure: (e: Error) => void): Promise<void> {
    this.starts++;
    if (this.unavailable) throw new SensorUnavailable(this.unavailable);
    this.#onRecords = onRecords;
    this.#onFailure = onFailure;
  }
  async stop(): Promise<void> {}
  lost(): number {
    return 7;
  }
  emit(pid: number): void {
    this.#onRecords!([{ kind: 'exec', pid, ppid: 1, startBootNs: 1_000_000_000n, timeNs: 1n, uid: 0, euid: 0, gid: 0, egid: 0, comm: 'x', args: ['x'] }]);
  }
  die(): void {
    this.#onFailure!(new Error('ring buffer gone'));
  }
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

describe('ProcessMonitor supervision', () => {
  it('falls back to the next sensor and says why', async () => {
    const events: VigilEvent[] = [];
    const ebpf = new FakeSensor('ebpf', 'eBPF needs root');
    const proc = new FakeSensor('proc');
    const m = new ProcessMonitor({ host: { id: 'h' }, onEvent: (e) => events.push(e), sensors: [ebpf, proc], containers: { lookup: async () => undefined } });
    assert.equal(await m.start(), 'proc');
    proc.emit(4242);
    await m.flush();
    assert.equal(events[0].event.sensor, 'proc');
    assert.deepEqual(m.health(), { sensor: 'proc', state: 'running', events: 1, lost: 7, restarts: 0, unavailable: [{ sensor: 'ebpf', reason: 'eBPF needs root' }] });
    await m.stop();
    assert.equal(m.health().state, 'stopped');
  });

  it('restarts a sensor that dies and reports it', async () => {
    const s = new FakeSensor('ebpf');
    const m = new ProcessMonitor({ host: { id: 'h' }, onEvent: () => {}, sensors: [s], restartDelayMs: 1, containers: { lookup: async () => undefined } });
    await m.start();
    s.die();
    assert.equal(m.health().state, 'restarting');
    assert.equal(m.health().lastError, 'ebpf: ring buffer gone');
    await until(() => m.health().state === 'running');
    assert.equal(s.starts, 2);
    assert.equal(m.health().restarts, 1);
    await m.stop();
  });

  it('gives a sensor that keeps dying up for the next one', async () => {
    const flaky = new FakeSensor('ebpf');
    const proc = new FakeSensor('proc');
    const m = new ProcessMonitor({ host: { id: 'h' }, onEvent: () => {}, sensors: [flaky, proc], restartDelayMs: 1, maxRestarts: 2, containers: { lookup: async () => undefined } });
    await m.start();
    for (let i = 0; i < 3; i++) {
      flaky.die();
      await until(() => m.health().state === 'running');
    }
    assert.equal(m.health().sensor, 'proc');
    assert.equal(flaky.starts, 3);
    assert.match(m.health().unavailable[0].reason, /gave up after 2 restarts/);
    await m.stop();
  });

  it('rejects when no sensor can run', async () => {
    const m = new ProcessMonitor({ host: { id: 'h' }, onEvent: () => {}, sensors: [new FakeSensor('ebpf', 'no BTF'), new FakeSensor('proc', 'no /proc')] });
    await assert.rejects(m.start(), (err: Error) => err instanceof SensorUnavailable && /ebpf: no BTF; proc: no \/proc/.test(err.message));
    assert.equal(m.health().state, 'failed');
  });
});

const root = process.getuid?.() === 0;

describe('ProcessMonitor with the eBPF sensor', { skip: !root && 'needs root' }, () => {
  it('captures every one of 200 short-lived commands with full argv and parent', async () => {
    const collector = new ExecCollector();
    const m = new ProcessMonitor({ host: { id: 'h' }, onEvent: collector.onEvent, sensors: [new EbpfProcessSensor()] });
    await m.start();
    try {
      const r = await runExecWorkload(collector, { count: 200, flush: () => m.flush() });
      assert.deepEqual([r.captured, r.fullArgv, r.rightParent], [200, 200, 200]);
    } finally {
      await m.stop();
    }
    assert.equal(m.health().lost, 0);
  });

  it('gives an exec under a subshell that never execs, and whose shells exit first, its whole ancestry', async () => {
    const events: VigilEvent[] = [];
    const m = new ProcessMonitor({ host: { id: 'h' }, onEvent: (e) => events.push(e), sensors: [new EbpfProcessSensor()] });
    await m.start();
    const marker = `vigil-ancestry-${process.pid}-${Date.now()}`;
    let outer;
    try {
      // The subshell forks `true` (`; :` keeps it from exec'ing its last command) and both shells
      // exit while the detached `true` still sleeps, long before the agent reads its exec.
      outer = spawn('sh', ['-c', `( sleep 0.3; /bin/true ${marker}; : ) & exit 0`], { stdio: 'ignore' });
      await once(outer, 'exit');
      const mine = () => events.find((e) => e.event.kind === 'process.exec' && e.process?.args?.at(-1) === marker);
      for (let i = 0; i < 100 && !mine(); i++) {
        await new Promise((r) => setTimeout(r, 50));
        await m.flush();
      }
      const e = mine();
      assert.ok(e, 'the exec was captured');
      const subshell = e.process!.parent!;
      assert.equal(subshell.name, 'sh', 'its parent is the subshell');
      assert.notEqual(subshell.pid, outer.pid);
      const chain = e.process!.ancestors?.map((a) => a.pid) ?? [];
      assert.deepEqual(chain.slice(0, 2), [outer.pid, process.pid], 'then the outer shell (exited) and this test');
    } finally {
      await m.stop();
    }
  });

  it('attributes commands inside a container to it, with name and image', { skip: !existsSync('/var/run/docker.sock') && 'no Docker engine' }, async () => {
    bookwormImages();
    const collector = new ExecCollector();
    const containers = new Map<string, VigilEvent['container']>();
    const m = new ProcessMonitor({
      host: { id: 'h' },
      onEvent: (e) => {
        collector.onEvent(e);
        if (e.container) containers.set(e.container.id, e.container);
      },
      sensors: [new EbpfProcessSensor()],
    });
    await m.start();
    try {
      const r = await runExecWorkload(collector, { count: 200, image: 'vigil-test/bookworm:base', flush: () => m.flush() });
      assert.deepEqual([r.captured, r.fullArgv, r.rightParent, r.rightContainer], [200, 200, 200, 200]);
      const c = containers.get(r.containerId!)!;
      assert.equal(c.runtime, 'docker');
      assert.deepEqual(c.image, { name: 'vigil-test/bookworm', tag: 'base' });
      assert.ok(c.name);
    } finally {
      await m.stop();
    }
  });
});
