/**
 * `vigil server` as a real child process of the CLI, for tests that run the server the way an
 * operator does (one process per role). Resolves once the process says it is serving.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const VIGIL = fileURLToPath(new URL('../../cli/bin/vigil.js', import.meta.url));

export interface CliServer {
  child: ChildProcess;
  /** The API URL; empty for a role that serves none (analyze). */
  url: string;
  /** Everything it wrote to stderr so far, for failure messages. */
  log: string[];
  stop(): Promise<void>;
}

export async function startCliServer(args: string[], env: Record<string, string> = {}): Promise<CliServer> {
  const child = spawn(process.execPath, [VIGIL, 'server', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  const log: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stderr! });
    lines.on('line', (line) => {
      log.push(line);
      const serving = /vigil server: (?:listening on (\S+)|running role)/.exec(line);
      if (serving) resolve(serving[1] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`vigil server ${args.join(' ')} exited with ${code}:\n${log.join('\n')}`)));
  });
  return {
    child,
    url,
    log,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
