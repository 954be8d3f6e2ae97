/**
 * The real agent recording to a JSONL file while a workload runs: `vigil agent run --sensor ebpf
 * --output jsonl FILE` as a child process (root), ready once it reports "agent running", stopped
 * with SIGTERM so it flushes and says how many events it saw and lost.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export class AgentRecording {
  #child: ChildProcess;
  #stderr = '';
  #exited: Promise<number | null>;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.stderr!.on('data', (d: Buffer) => (this.#stderr += d.toString()));
    this.#exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Starts the agent and waits (at most `readyMs`) until its sensor runs. */
  static async start(repo: string, eventsFile: string, readyMs = 120_000): Promise<AgentRecording> {
    const child = spawn(process.execPath, [join(repo, 'packages/cli/bin/vigil.js'), 'agent', 'run', '--sensor', 'ebpf', '--output', 'jsonl', eventsFile], {
      cwd: repo,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const rec = new AgentRecording(child);
    const deadline = Date.now() + readyMs;
    while (!rec.#stderr.includes('agent running')) {
      if (child.exitCode !== null) throw new Error(`agent exited before it was ready: ${rec.#stderr.trim()}`);
      if (Date.now() > deadline) {
        child.kill('SIGTERM');
        throw new Error(`agent not ready after ${readyMs} ms: ${rec.#stderr.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return rec;
  }

  /** Stops the agent; resolves with what it said about itself (events seen, lost). */
  async stop(): Promise<string> {
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 30_000);
    await this.#exited;
    clearTimeout(timer);
    return this.#stderr.trim().split('\n').filter((l) => l.includes('agent stopped')).join('\n');
  }
}
