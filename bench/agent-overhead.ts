/**
 * bench/agent-overhead: what `vigil agent run --sensor ebpf` costs the host, from its own
 * /proc/<pid>/stat and /proc/<pid>/status, in one run: RSS (peak over the run), CPU % of one core
 * while the host is idle, and CPU % while shell loops exec /bin/true at a paced rate. Beside each
 * figure a baseline measured in the same windows, so a noisy machine shows as such: an idle
 * `node` process for the idle window, and the exec workload's own CPU for the loaded one; and the
 * RSS of a node that only imports the third-party modules `vigil agent` loads (the entry's and the
 * agent command's chunks): what the agent pays for its libraries before it does anything.
 * Goals: RSS ≤ 120 MB, idle ≤ 2 %, at 500 execs/s ≤ 15 %. Run as root:
 *   node --import tsx bench/agent-overhead.ts [--seconds N] [--rate EXECS_PER_S]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TICKS_PER_SECOND } from '../packages/agent/src/sensors/process-record.ts';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const seconds = Math.min(120, Math.max(2, Number(flag('--seconds', '10'))));
const rate = Math.min(5000, Math.max(1, Number(flag('--rate', '500'))));
/** Parallel exec loops: one shell cannot fork and exec 500 times a second on a slow core. */
const LOOPS = 2;
const MB = 1024 * 1024;

/** utime + stime of a live process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits `seconds`, sampling the agent's RSS every 250 ms; returns each pid's CPU % of one core. */
async function window(pids: number[], peak: { rss: number }, agent: number): Promise<number[]> {
  const before = pids.map(cpuSeconds);
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await sleep(250);
    peak.rss = Math.max(peak.rss, rssBytes(agent));
  }
  const elapsed = (performance.now() - start) / 1000;
  return pids.map((p, i) => (100 * (cpuSeconds(p) - before[i])) / elapsed);
}

/**
 * A bash loop that keeps its exec count at `perLoop`/s (it reads a never-written stdin with a
 * timeout to wait, since `sleep` would itself be an exec), then prints its count and `times`.
 */
function execLoop(perLoop: number): { done: Promise<{ execs: number; cpu: number }>; child: ChildProcess } {
  const script =
    `t0=\${EPOCHREALTIME/./}; n=0; while :; do el=$(( \${EPOCHREALTIME/./} - t0 )); (( el >= ${seconds} * 1000000 )) && break; ` +
    `if (( n * 1000000 < el * ${perLoop} )); then /bin/true; /bin/true; /bin/true; /bin/true; /bin/true; n=$((n + 5)); else read -t 0.005; fi; done; echo $n; times`;
  const child = spawn('bash', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  const done = new Promise<{ execs: number; cpu: number }>((resolve, reject) =>
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`exec loop exited ${code}`));
      const [count, ...times] = out.trim().split('\n');
      const cpu = [...times.join(' ').matchAll(/(\d+)m([\d.]+)s/g)].reduce((s, m) => s + Number(m[1]) * 60 + Number(m[2]), 0);
      resolve({ execs: Number(count), cpu });
    }),
  );
  return { done, child };
}

// The shipped bundle, run directly: bin/vigil.js falls back to transpiling the sources when any
// of them is newer, and that is not what a deployed agent costs.
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
const dir = mkdtempSync(join(tmpdir(), 'vigil-overhead-'));
const events = join(dir, 'events.jsonl');
const agent = spawn(process.execPath, ['packages/cli/dist/vigil.mjs', 'agent', 'run', '--sensor', 'ebpf', events], { stdio: ['ignore', 'ignore', 'pipe'] });
const baseline = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
const bundleImports = agentThirdPartyImports();
const importsOnly = spawn(process.execPath, ['--input-type=module', '-e', `${bundleImports.map((m) => `await import(${JSON.stringify(m)});`).join('')} setInterval(() => {}, 1000);`], {
  cwd: 'packages/cli',
  stdio: 'ignore',
});
let stderr = '';
agent.stderr!.on('data', (d: Buffer) => (stderr += d));
const exited = new Promise<void>((resolve) => agent.on('exit', () => resolve()));
const deadline = setTimeout(() => {
  console.error('agent-overhead: timed out');
  agent.kill('SIGKILL');
  baseline.kill();
  importsOnly.kill();
  process.exit(1);
}, (3 * seconds + 90) * 1000);

let ok = false;
try {
  const startBy = performance.now() + 60_000;
  while (!stderr.includes('agent running')) {
    if (agent.exitCode !== null || performance.now() > startBy) throw new Error(`agent did not start: ${stderr.trim()}`);
    await sleep(100);
  }
  console.log(stderr.trim());
  await sleep(2000); // past start-up (BPF load, first container lookups)
  const peak = { rss: 0 };
  const [idleAgent, idleBaseline] = await window([agent.pid!, baseline.pid!], peak, agent.pid!);
  const loops = Array.from({ length: LOOPS }, () => execLoop(rate / LOOPS));
  const [loadAgent] = await window([agent.pid!], peak, agent.pid!);
  const work = await Promise.all(loops.map((l) => l.done));
  const execs = work.reduce((s, w) => s + w.execs, 0);
  const workloadPct = (100 * work.reduce((s, w) => s + w.cpu, 0)) / seconds;
  const steadyRss = rssBytes(agent.pid!);
  const baselineRss = rssBytes(baseline.pid!);
  const importsRss = rssBytes(importsOnly.pid!);

  const rssOk = peak.rss <= 120 * MB;
  const idleOk = idleAgent <= 2;
  const loadOk = loadAgent <= 15;
  const rateOk = execs / seconds >= 0.9 * rate;
  console.log(
    `rss: peak ${(peak.rss / MB).toFixed(1)} MB, at end ${(steadyRss / MB).toFixed(1)} MB, idle node baseline ${(baselineRss / MB).toFixed(1)} MB, ` +
      `node with only the agent command's ${bundleImports.length} third-party imports ${(importsRss / MB).toFixed(1)} MB (goal ≤ 120 MB) ${rssOk ? 'ok' : 'OVER'}`);
  console.log(`idle ${seconds} s: agent ${idleAgent.toFixed(2)} % of one core, idle node baseline ${idleBaseline.toFixed(2)} % (goal ≤ 2 %) ${idleOk ? 'ok' : 'OVER'}`);
  console.log(
    `load ${seconds} s: ${execs} execs = ${(execs / seconds).toFixed(0)} execs/s; agent ${loadAgent.toFixed(2)} % of one core, ` +
      `workload ${workloadPct.toFixed(1)} %, ratio agent/workload ${(loadAgent / workloadPct).toFixed(3)} (goal ≤ 15 %) ${loadOk ? 'ok' : 'OVER'}` +
      (rateOk ? '' : ` — workload reached only ${(execs / seconds).toFixed(0)} of ${rate} execs/s`),
  );
  ok = rssOk && idleOk && loadOk && rateOk;
} finally {
  agent.kill('SIGTERM');
  baseline.kill();
  importsOnly.kill();
  await exited;
  clearTimeout(deadline);
  const lines = stderr.trim().split('\n');
  console.log(lines[lines.length - 1]);
  rmSync(dir, { recursive: true, force: true });
}
console.log(ok ? 'PASS' : 'FAIL');
process.exitCode = ok ? 0 : 1;

/**
 * The third-party modules `vigil agent` loads: static imports of the entry and of the agent
 * command's chunk, followed through the chunks they import (the bundle splits per command).
 */
function agentThirdPartyImports(): string[] {
  const dist = 'packages/cli/dist';
  const entry = readFileSync(join(dist, 'vigil.mjs'), 'utf8');
  const agentChunk = /import\("\.\/(chunks\/agent-[^"]+\.mjs)"\)/.exec(entry)?.[1];
  if (!agentChunk) throw new Error('agent-overhead: no agent chunk in the bundle');
  const bare = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(join(dist, file), 'utf8').matchAll(/^import (?:.* from )?"([^"]+)";$/gm)) {
      if (m[1].startsWith('.')) visit(join(dirname(file), m[1]));
      else if (!m[1].startsWith('node:')) bare.add(m[1]);
    }
  };
  visit('vigil.mjs');
  visit(agentChunk);
  return [...bare];
}
