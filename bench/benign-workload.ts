/**
 * bench/benign-workload: the false-positive figure. The real agent records while ordinary work
 * runs for a bounded time — apt installs in a throwaway container, a C build, pgbench against the
 * local PostgreSQL, part of the project's own test suite — in turns until the time is up; the
 * recording is replayed through the built-in pack and the alerts of severity high or above are
 * counted and listed. Goal: ≤ 2. Run as root:
 *   node --import tsx bench/benign-workload.ts [--minutes N] [--events FILE] [--replay FILE]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AgentRecording } from './live/agent-recording.ts';
import { replay } from './live/replay.ts';

const run = promisify(execFile);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** Runs a command for at most `ms`; a failure or timeout is reported, never thrown. */
async function step(label: string, file: string, args: string[], ms: number, cwd = repo): Promise<void> {
  const started = Date.now();
  try {
    await run(file, args, { cwd, timeout: Math.max(ms, 1000), killSignal: 'SIGKILL', maxBuffer: 64 << 20 });
    console.log(`  ${label}: ok in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } catch (err) {
    const e = err as { killed?: boolean; code?: unknown };
    console.log(`  ${label}: ${e.killed ? 'stopped at its time limit' : `exit ${String(e.code)}`} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

/** Packages whose maintainer scripts create users, units, cron jobs, web roots and log files. */
const APT_PACKAGES = ['nginx', 'openssh-server', 'cron', 'logrotate', 'sudo', 'rsyslog', 'curl', 'jq', 'git', 'python3', 'make'];

async function aptInstalls(round: number, ms: number): Promise<void> {
  const script = `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${APT_PACKAGES.join(' ')} && nginx -t && python3 -c 'print(1)'`;
  await step('apt installs in a throwaway container', 'docker', ['run', '--rm', '--name', `vrule-benign-apt-${process.pid}-${round}`, '--label', 'vrule=benign', 'vigil-test/bookworm:base', 'bash', '-c', script], ms);
}

async function cBuild(ms: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vrule-build-'));
  try {
    for (let i = 0; i < 12; i++) writeFileSync(join(dir, `m${i}.c`), `#include <stdio.h>\nint f${i}(int x) { return x * ${i + 1}; }\n`);
    writeFileSync(join(dir, 'main.c'), `#include <stdio.h>\n${Array.from({ length: 12 }, (_, i) => `int f${i}(int);`).join('\n')}\nint main(void) { int s = 0;\n${Array.from({ length: 12 }, (_, i) => ` s += f${i}(${i});`).join('\n')}\n printf("%d\\n", s); return 0; }\n`);
    const objs = [...Array.from({ length: 12 }, (_, i) => `m${i}.o`), 'main.o'];
    writeFileSync(join(dir, 'Makefile'), `CFLAGS = -O2 -Wall\napp: ${objs.join(' ')}\n\t$(CC) -o $@ $^\nclean:\n\trm -f app *.o\n`);
    await step('C build (make -j2, then the program)', 'bash', ['-c', 'make -s -j2 && ./app && make -s clean'], ms, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pgbench(ms: number): Promise<void> {
  const pg = ['-h', '127.0.0.1', '-U', 'postgres'];
  await run('psql', [...pg, '-qc', 'CREATE DATABASE vrule_bench']).catch(() => undefined); // exists already
  await step('pgbench init', 'pgbench', [...pg, '-i', '-q', '-s', '2', 'vrule_bench'], ms);
  const seconds = Math.max(5, Math.min(90, Math.floor(ms / 1000) - 10));
  await step(`pgbench ${seconds} s, 4 clients`, 'pgbench', [...pg, '-T', String(seconds), '-c', '4', '-j', '2', 'vrule_bench'], ms);
}

async function projectTests(ms: number): Promise<void> {
  await step('project tests (schema, detect, scanner)', process.execPath, ['--import', 'tsx', '--test', 'packages/schema/test', 'packages/detect/test', 'packages/scanner/test'], ms);
}

async function workload(minutes: number): Promise<void> {
  const deadline = Date.now() + minutes * 60_000;
  const left = (cap: number): number => Math.min(cap, deadline - Date.now());
  const steps = [(r: number) => aptInstalls(r, left(240_000)), () => cBuild(left(60_000)), () => pgbench(left(120_000)), () => projectTests(left(240_000))];
  for (let round = 0; Date.now() < deadline; round++) {
    for (const s of steps) {
      if (Date.now() >= deadline) break;
      await s(round);
    }
  }
}

const replayFile = flag('--replay');
const eventsFile = replayFile ?? flag('--events') ?? `/tmp/vrule-benign-${process.pid}.jsonl`;
if (!replayFile) {
  const minutes = Number(flag('--minutes') ?? '10');
  writeFileSync(eventsFile, '');
  const agent = await AgentRecording.start(repo, eventsFile);
  try {
    console.log(`benign workload for ${minutes} min:`);
    await workload(minutes);
    await new Promise((r) => setTimeout(r, 2000));
  } finally {
    console.log(await agent.stop());
  }
}
const alerts = await replay(repo, eventsFile);
const high = alerts.filter((a) => a.severity === 'high' || a.severity === 'critical');
console.log(`events: ${eventsFile}`);
console.log(`alerts: ${alerts.length}; severity high or above: ${high.length} (goal ≤ 2)`);
for (const a of high) console.log(`  ${a.severity} ${a.rule.id}: ${a.output}`);
const byRule = new Map<string, number>();
for (const a of alerts) byRule.set(`${a.severity} ${a.rule.id}`, (byRule.get(`${a.severity} ${a.rule.id}`) ?? 0) + 1);
if (alerts.length) console.log(`all alerts by rule:\n${[...byRule].map(([r, n]) => `  ${n} × ${r}`).join('\n')}`);
process.exitCode = high.length <= 2 ? 0 : 1;
