/**
 * bench/exec-capture: 2,000 distinct short-lived commands from four parallel shell loops, on the
 * host and then inside a Docker container; prints how many the process sensor captured with full
 * argv, the right parent and (in the container) the right container, and the exec rate.
 * Targets: ≥ 500 execs/s; ≥ 99.9 % captured, argv, parent and container. Run as root:
 *   node --import tsx bench/exec-capture.ts [--count N] [--image IMAGE]
 */
import { ProcessMonitor } from '../packages/agent/src/sensors/process-monitor.ts';
import { ExecCollector, runExecWorkload, type WorkloadResult } from '../packages/agent/test/sensors/exec-workload.ts';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const count = Number(flag('--count', '2000'));
const image = flag('--image', 'vigil-test/bookworm:base');

const collector = new ExecCollector();
const monitor = new ProcessMonitor({ host: { id: 'bench-exec-capture' }, onEvent: collector.onEvent });
const sensor = await monitor.start();
console.log(`sensor: ${sensor}${monitor.health().unavailable.map((u) => ` (${u.sensor} unavailable: ${u.reason})`).join('')}`);

function pct(n: number, of: number): string {
  return `${((100 * n) / of).toFixed(2)} %`;
}

function report(where: string, r: WorkloadResult): boolean {
  const rate = r.execsPerSecond.toFixed(0);
  console.log(
    `${where}: ${r.expected} commands at ${rate} execs/s; captured ${pct(r.captured, r.expected)}, ` +
      `full argv ${pct(r.fullArgv, r.expected)}, right parent ${pct(r.rightParent, r.expected)}` +
      (r.rightContainer !== undefined ? `, right container ${pct(r.rightContainer, r.expected)}` : ''),
  );
  const need = 0.999 * r.expected;
  return r.execsPerSecond >= 500 && r.captured >= need && r.fullArgv >= need && r.rightParent >= need && (r.rightContainer ?? need) >= need;
}

let ok = false;
try {
  const flush = (): Promise<void> => monitor.flush();
  const host = await runExecWorkload(collector, { count, flush });
  const inContainer = await runExecWorkload(collector, { count, image, flush });
  const hostOk = report('host', host);
  ok = report('container', inContainer) && hostOk;
  const h = monitor.health();
  console.log(`sensor health: ${h.sensor} ${h.state}, ${h.events} events, ${h.lost} lost, ${h.restarts} restarts`);
} finally {
  await monitor.stop();
}
console.log(ok ? 'PASS' : 'FAIL');
process.exitCode = ok ? 0 : 1;
