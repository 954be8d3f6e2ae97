import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Command, Option } from 'commander';
import { EbpfProcessSensor, localHost, ProcessMonitor, ProcPollingSensor, SensorUnavailable, type ProcessSensor, type SensorHealth } from '@vigil/agent';
import { UserError, type VigilEvent } from '@vigil/schema';

type SensorChoice = 'auto' | 'ebpf' | 'proc';

interface RunFlags {
  output: 'jsonl';
  sensor: SensorChoice;
  duration?: string;
  hostId?: string;
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
    .action(async (destination: string, flags: RunFlags) => {
      const duration = flags.duration === undefined ? undefined : Number(flags.duration);
      if (duration !== undefined && !(Number.isFinite(duration) && duration > 0)) {
        throw new UserError(`--duration: expected a positive number of seconds, got '${flags.duration}'`, 'BAD_FLAG');
      }
      const out = await openDestination(destination);
      const monitor = new ProcessMonitor({ host: { ...localHost(), ...(flags.hostId ? { id: flags.hostId } : {}) }, onEvent: (e) => write(out, e), sensors: sensors(flags.sensor) });
      try {
        await monitor.start();
      } catch (err) {
        if (err instanceof SensorUnavailable) throw new UserError(err.message, 'SENSOR_UNAVAILABLE');
        throw err;
      }
      process.stderr.write(`vigil: agent running: ${describeHealth(monitor.health())}\n`);
      await stopSignal(duration, out);
      await monitor.stop();
      await new Promise<void>((resolve) => (out === process.stdout ? resolve() : (out as WriteStream).end(resolve)));
      process.stderr.write(`vigil: agent stopped: ${describeHealth(monitor.health())}\n`);
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

function describeHealth(h: SensorHealth): string {
  const unavailable = h.unavailable.map((u) => `; ${u.sensor} unavailable: ${u.reason}`).join('');
  return `process sensor ${h.sensor} (${h.state}), ${h.events} events, ${h.lost} lost, ${h.restarts} restarts${unavailable}`;
}
