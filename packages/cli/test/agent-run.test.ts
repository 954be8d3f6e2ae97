import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Command } from 'commander';
import { parseEvent, UserError, type VigilEvent } from '@vigil/schema';
import { registerAgentRun } from '../src/commands/agent/run.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-agent-run-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function program(): Command {
  const p = new Command('vigil').exitOverride();
  registerAgentRun(p.command('agent'));
  return p;
}

function events(file: string): VigilEvent[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line, i) => parseEvent(JSON.parse(line), `${file}:${i + 1}`));
}

/** Runs `vigil agent run …` in this process until `seen` holds for the output, then SIGTERM. */
async function runUntil(args: string[], file: string, poke: () => void, seen: (e: VigilEvent[]) => boolean): Promise<string> {
  let stderr = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    const run = program().parseAsync(['node', 'vigil', 'agent', 'run', ...args, file]);
    while (!stderr.includes('agent running')) await new Promise((r) => setTimeout(r, 10));
    for (;;) {
      poke();
      await new Promise((r) => setTimeout(r, 50));
      if (seen(events(file))) break;
    }
    process.emit('SIGTERM');
    await run;
  } finally {
    process.stderr.write = write;
  }
  return stderr;
}

describe('vigil agent run', () => {
  it('writes process events as JSON lines with the /proc sensor and reports it', async () => {
    const file = join(dir, 'proc.jsonl');
    writeFileSync(file, ''); // appended to, never truncated
    const children: ReturnType<typeof spawn>[] = [];
    try {
      const stderr = await runUntil(
        ['--sensor', 'proc', '--host-id', 'test-host'],
        file,
        () => children.length || children.push(spawn('sleep', ['30'], { argv0: 'vigil-agent-run-proc', stdio: 'ignore' })),
        (es) => es.some((e) => e.process?.args?.[0] === 'vigil-agent-run-proc'),
      );
      assert.match(stderr, /agent running: process sensor proc \(running\)/);
      assert.match(stderr, /agent stopped: process sensor proc \(stopped\), \d+ events, 0 lost/);
      const e = events(file).find((x) => x.process?.args?.[0] === 'vigil-agent-run-proc')!;
      assert.equal(e.event.kind, 'process.exec');
      assert.equal(e.event.sensor, 'proc');
      assert.equal(e.host.id, 'test-host');
      assert.equal(e.process!.pid, children[0].pid);
    } finally {
      for (const c of children) {
        c.kill();
        await once(c, 'exit');
      }
    }
  });

  it('uses eBPF by default when running as root', { skip: process.getuid?.() !== 0 && 'needs root' }, async () => {
    const file = join(dir, 'ebpf.jsonl');
    const stderr = await runUntil(
      [],
      file,
      () => spawn('/bin/true', ['vigil-agent-run-ebpf'], { stdio: 'ignore' }),
      (es) => es.some((e) => e.process?.args?.[1] === 'vigil-agent-run-ebpf'),
    );
    assert.match(stderr, /process sensor ebpf \(running\)/);
    assert.equal(events(file).find((e) => e.process?.args?.[1] === 'vigil-agent-run-ebpf')!.event.sensor, 'ebpf');
  });

  it('stops by itself after --duration', async () => {
    const file = join(dir, 'duration.jsonl');
    const write = process.stderr.write.bind(process.stderr);
    let stderr = '';
    process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
    try {
      await program().parseAsync(['node', 'vigil', 'agent', 'run', '--sensor', 'proc', '--duration', '0.2', file]);
    } finally {
      process.stderr.write = write;
    }
    assert.match(stderr, /agent stopped: process sensor proc \(stopped\)/);
  });

  it('rejects bad flags and destinations as user errors', async () => {
    await assert.rejects(program().parseAsync(['node', 'vigil', 'agent', 'run', '--duration', '0', '-']), (e: Error) => e instanceof UserError && /--duration/.test(e.message));
    await assert.rejects(program().parseAsync(['node', 'vigil', 'agent', 'run', join(dir, 'missing', 'x.jsonl')]), (e: Error) => e instanceof UserError && /does not exist/.test(e.message));
    await assert.rejects(program().parseAsync(['node', 'vigil', 'agent', 'run', dir]), (e: Error) => e instanceof UserError && /not a regular file/.test(e.message));
  });
});
