import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Command, Option } from 'commander';
import {
  AgentCgroup,
  EbpfProcessSensor,
  localHost,
  parseCpuPercent,
  parseSize,
  ProcessMonitor,
  ProcPollingSensor,
  RateLimiter,
  SensorUnavailable,
  startRealtimeMalware,
  type MonitorHealth,
  type ProcessSensor,
} from '@vigil/agent';
import { UserError, type VigilEvent } from '@vigil/schema';

type SensorChoice = 'auto' | 'ebpf' | 'proc';

interface RunFlags {
  output: 'jsonl';
  sensor: SensorChoice;
  duration?: string;
  hostId?: string;
  cpuMax?: string;
  memoryMax?: string;
  malware?: boolean;
  malwarePaths?: string[];
  malwareRules?: string;
  malwareState: string;
}

/** `vigil agent run`: run the runtime sensors and write their events locally until stopped. */
export function registerAgentRun(agent: Command): void {
  agent
    .command('run')
    .description('Run the runtime sensors and write events until stopped / 运行运行时传感器并输出事件')
    .argument('[destination]', 'file to append events to, or - for stdout / 事件输出文件，- 表示标准输出', '-')
    .addOption(new Option('--output <format>', 'event format / 事件格式').choices(['jsonl']).default('jsonl'))
    .addOption(
      new Option('--sensor <sensor>', 'process sensor: auto (eBPF, else /proc polling), ebpf, proc / 进程传感器').choices(['auto', 'ebpf', 'proc']).default('auto'),
    )
    .option('--duration <seconds>', 'stop after this many seconds (default: until SIGINT/SIGTERM) / 运行时长（秒）')
    .option('--host-id <id>', 'host id on every event (default: /etc/machine-id) / 主机标识')
    .option('--cpu-max <percent>', 'cap the agent at this percent of one CPU (cgroup v2) / 限制代理 CPU 占用（单核百分比）')
    .option('--memory-max <size>', 'cap the agent memory, e.g. 256M (cgroup v2) / 限制代理内存')
    .option('--malware', 'scan new and changed files in web roots, /tmp, /dev/shm, home directories, and new executables / 实时扫描恶意文件')
    .option('--malware-paths <paths...>', 'trees the malware watcher watches (default: web roots, /tmp, /var/tmp, /dev/shm, /home, /root) / 恶意文件监控路径')
    .option('--malware-rules <path>', "YARA rules for the malware watcher (default: Vigil's own) / 实时扫描使用的 YARA 规则")
    .option('--malware-state <dir>', 'where the malware watcher keeps its file baseline / 恶意文件监控状态目录', '/var/lib/vigil/malware-watch')
    .action(async (destination: string, flags: RunFlags) => {
      const duration = flags.duration === undefined ? undefined : Number(flags.duration);
      if (duration !== undefined && !(Number.isFinite(duration) && duration > 0)) {
        throw new UserError(`--duration: expected a positive number of seconds, got '${flags.duration}'`, 'BAD_FLAG');
      }
      const cpuPercent = flags.cpuMax === undefined ? undefined : parseCpuPercent(flags.cpuMax);
      if (flags.cpuMax !== undefined && cpuPercent === undefined) throw new UserError(`--cpu-max: expected a positive percent of one CPU, got '${flags.cpuMax}'`, 'BAD_FLAG');
      const memoryBytes = flags.memoryMax === undefined ? undefined : parseSize(flags.memoryMax);
      if (flags.memoryMax !== undefined && memoryBytes === undefined) throw new UserError(`--memory-max: expected a size such as 256M, got '${flags.memoryMax}'`, 'BAD_FLAG');
      const out = await openDestination(destination);
      // Capped before the sensor starts, so its compiler and worker run inside the caps too.
      const cgroup = cpuPercent !== undefined || memoryBytes !== undefined ? await AgentCgroup.create({ cpuPercent, memoryBytes }) : undefined;
      const host = { ...localHost(), ...(flags.hostId ? { id: flags.hostId } : {}) };
      const malware = flags.malware
        ? await startRealtimeMalware({ host, onEvent: (e) => write(out, e), onWarn: (m) => process.stderr.write(`vigil: warning: ${m}\n`), paths: flags.malwarePaths, rules: flags.malwareRules, stateDir: flags.malwareState })
        : undefined;
      const monitor = new ProcessMonitor({
        host,
        onEvent: (e) => {
          write(out, e);
          malware?.observe(e);
        },
        sensors: sensors(flags.sensor),
        limiter: new RateLimiter(),
      });
      try {
        await monitor.start();
        process.stderr.write(`vigil: agent running: ${describeHealth(monitor.health())}${cgroup ? ` in ${cgroup.path}` : ''}${malware ? `; ${malware.describe()}` : ''}\n`);
        await stopSignal(duration, out);
        await monitor.stop();
        await malware?.stop();
        await new Promise<void>((resolve) => (out === process.stdout ? resolve() : (out as WriteStream).end(resolve)));
        process.stderr.write(`vigil: agent stopped: ${describeHealth(monitor.health())}\n`);
      } catch (err) {
        if (err instanceof SensorUnavailable) throw new UserError(err.message, 'SENSOR_UNAVAILABLE');
        throw err;
      } finally {
        await cgroup?.remove();
      }
    });
}

function sensors(choice: SensorChoice): ProcessSensor[] {
  if (choice === 'ebpf') return [new EbpfProcessSensor()];
  if (choice === 'proc') return [new ProcPollingSensor()];
  return [new EbpfProcessSensor(), new ProcPollingSensor()];
}

async function openDestination(destination: string): Promise<NodeJS.WritableStream> {
  if (destination === '-') return process.stdout;
  const dir = await stat(dirname(destination)).catch(() => undefined);
  if (!dir?.isDirectory()) throw new UserError(`${destination}: directory ${dirname(destination)} does not exist`, 'ENOENT');
  const s = await stat(destination).catch(() => undefined);
  if (s && !s.isFile()) throw new UserError(`${destination}: not a regular file`, 'BAD_INPUT');
  // Append: a restarted agent must not erase what an earlier run wrote.
  return createWriteStream(destination, { flags: 'a' });
}

function write(out: NodeJS.WritableStream, e: VigilEvent): void {
  out.write(`${JSON.stringify(e)}\n`);
}

/** Resolves on SIGINT/SIGTERM, after `duration` seconds, or when a reader of stdout goes away. */
function stopSignal(duration: number | undefined, out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      clearTimeout(timer);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    const timer = duration === undefined ? undefined : setTimeout(done, duration * 1000);
    out.once('error', done); // EPIPE: `vigil agent run | head`
  });
}

function describeHealth(h: MonitorHealth): string {
  const unavailable = h.unavailable.map((u) => `; ${u.sensor} unavailable: ${u.reason}`).join('');
  const dropped = Object.entries(h.dropped ?? {}).map(([kind, n]) => `, ${n} ${kind} dropped by rate limit`).join('');
  return `process sensor ${h.sensor} (${h.state}), ${h.events} events, ${h.lost} lost${dropped}, ${h.restarts} restarts${unavailable}`;
}
