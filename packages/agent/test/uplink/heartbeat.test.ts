import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { ActionRunner } from '../../src/response/action-runner.ts';
import { responseActions } from '../../src/response/registry.ts';
import { Heartbeat } from '../../src/uplink/heartbeat.ts';
import type { PushedConfig } from '../../src/uplink/pushed-config.ts';
import { enrolledAgentForSuite } from './protocol-server.ts';

const health = () => ({ sensors: { process: { state: 'running' } }, drops: {}, spool: { batches: 0, events: 0, bytes: 0, droppedBatches: 0, droppedEvents: 0, rejectedBatches: 0, rejectedEvents: 0 }, rss_bytes: 1, cpu_percent: 0 });

describe('Heartbeat', () => {
  const agent = enrolledAgentForSuite();

  it('reports health, applies a new config version once, runs each action once and reports its result', async () => {
    const victim = spawn('sleep', ['300'], { stdio: 'ignore' });
    await once(victim, 'spawn');
    const exited = once(victim, 'exit');
    agent.server.config = { fim_paths: ['/srv/www'], sensors: { fim: true }, some_future_setting: 1 };
    agent.server.configVersion = 7;
    agent.server.heartbeatSeconds = 5;
    agent.server.actions = [{ id: 'act-1', type: 'kill_process', params: { pid: victim.pid! } }];
    agent.server.failNext.set('result', 1); // the first result report is lost
    const applied: [PushedConfig, number][] = [];
    let runs = 0;
    const runner = new ActionRunner(responseActions({ hostId: 'h' }), agent.stateDir);
    const heartbeat = new Heartbeat({
      post: (p, b) => agent.api.post(p, b),
      version: '9.9.9',
      health,
      applyConfig: async (c, v) => void applied.push([c, v]),
      runAction: (a) => (runs++, runner.run(a)),
    });

    await assert.rejects(heartbeat.beat(), /HTTP 503/);
    assert.deepEqual(agent.server.heartbeats[0], { version: '9.9.9', health: health() });
    assert.deepEqual(applied, [[{ fim_paths: ['/srv/www'], sensors: { fim: true } }, 7]]);
    assert.equal(heartbeat.intervalMs, 5000, 'the server sets the pace');
    const [, signal] = await exited;
    assert.equal(signal, 'SIGKILL');

    await heartbeat.beat(); // the action is offered again (no result yet): reported, not re-run
    assert.equal(runs, 1);
    assert.equal(applied.length, 1, 'an unchanged config version is not applied again');
    assert.equal(agent.server.results.get('act-1')?.ok, true);
    assert.match(agent.server.results.get('act-1')!.message, /sent SIGKILL to 1 process/);
  });

  it('keeps the previous config when a pushed one is malformed', async () => {
    agent.server.config = { fim_paths: ['relative/path'] };
    agent.server.configVersion = 8;
    agent.server.actions = [];
    const warnings: string[] = [];
    const applied: number[] = [];
    const heartbeat = new Heartbeat({ post: (p, b) => agent.api.post(p, b), version: '0', health, applyConfig: async (_c, v) => void applied.push(v), runAction: () => assert.fail(), onWarn: (m) => warnings.push(m) });
    await heartbeat.beat();
    assert.deepEqual(applied, []);
    assert.match(warnings[0], /config version 8 refused, keeping the previous one: fim_paths\.0: /);
  });
});
