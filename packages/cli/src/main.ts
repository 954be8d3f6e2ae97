import { Command, CommanderError } from 'commander';
import { isUserError } from '@vigil/schema';
import { registerScan } from './commands/scan.ts';
import { registerDb } from './commands/db.ts';
import { registerDetect } from './commands/detect.ts';
import { registerRules } from './commands/rules.ts';
import { registerAgent } from './commands/agent.ts';
import { registerCompliance } from './commands/compliance.ts';
import { registerServer } from './commands/server.ts';

const program = new Command('vigil')
  .description('Vigil: cloud workload protection — scanner, agent, server\nVigil：云工作负载保护平台 — 扫描器、代理、服务器')
  .version('0.1.0')
  .showHelpAfterError(false)
  .exitOverride();

registerScan(program);
registerDb(program);
registerDetect(program);
registerRules(program);
registerAgent(program);
registerCompliance(program);
registerServer(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = exitCodeFor(err);
}

/** User errors get one line and a non-zero exit; anything else is a bug and keeps its stack. */
function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode; // commander already printed its line
  if (isUserError(err)) {
    process.stderr.write(`vigil: ${err.message}\n`);
    return err.exitCode;
  }
  process.stderr.write(`vigil: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 70;
}
