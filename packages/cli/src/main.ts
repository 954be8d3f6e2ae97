import { Command, CommanderError } from 'commander';
import { isUserError } from '@vigil/schema';
const program = new Command('vigil')
  .description('Vigil: cloud workload protection — scanner, agent, server\nVigil：云工作负载保护平台 — 扫描器、代理、服务器')
  .version('0.1.0')
  .showHelpAfterError(false)
  .exitOverride();

/**
 * Each top-level command's module, loaded only when that command runs (the bundle splits them into
 * chunks): `vigil agent` must not carry the server's, the scanner's or the compliance checks'
 * libraries in its memory. With no known command named, all are loaded, for help and errors.
 */
const COMMANDS: Record<string, () => Promise<(program: Command) => void>> = {
  scan: async () => (await import('./commands/scan.ts')).registerScan,
  db: async () => (await import('./commands/db.ts')).registerDb,
  detect: async () => (await import('./commands/detect.ts')).registerDetect,
  rules: async () => (await import('./commands/rules.ts')).registerRules,
  agent: async () => (await import('./commands/agent.ts')).registerAgent,
  compliance: async () => (await import('./commands/compliance.ts')).registerCompliance,
  server: async () => (await import('./commands/server.ts')).registerServer,
};
const named = process.argv[2];
const wanted = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
for (const name of wanted) (await COMMANDS[name]())(program);

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
