import type { Command } from 'commander';
import { registerAgentFim } from './agent/fim.ts';
import { registerAgentInventory } from './agent/inventory.ts';
import { registerAgentRun } from './agent/run.ts';

/** `vigil agent …`: the host agent. Each subcommand lives in its own module under ./agent/. */
export function registerAgent(program: Command): void {
  const agent = program.command('agent').description('Host agent: inventory, sensors, file integrity / 主机代理：资产清点、传感器、文件完整性');
  registerAgentInventory(agent);
  registerAgentRun(agent);
  registerAgentFim(agent);
}
