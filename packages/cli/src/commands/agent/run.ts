import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Command, Option } from 'commander';
import {
  ActionRunner,
  AGENT_VERSION,
  AgentApi,
  AgentCgroup,
  DEFAULT_FIM_PATHS,
  defaultFimPaths,
  EbpfProcessSensor,
  enroll,
  HostSensors,
  localHost,
  parseCpuPercent,
  parseSize,
  ProcPollingSensor,
  responseActions,
  SelfUsage,
  SensorUnavailable,
  startRealtimeMalware,
  Uplink,
  type ProcessSensor,
  type SensorsHealth,
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
  server?: string;
  enrollToken?: string;
  enrollTokenFile?: string;
  state?: string;
  fimPaths?: string[];
  fim: boolean;
  inventoryFullHours: string;
  compliance: string | false;
}

/**
 * `vigil agent run`: run the runtime sensors until stopped, writing events locally, or, with
 * `--server`, enrolling once and shipping events, inventory and health to the server.
 */
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
    .option('--server <url>', 'send events, inventory and health to this Vigil server / 将事件、资产和健康状态发送到此服务器')
    .option('--enroll-token <token>', 'one-time enrollment token (first start only) / 一次性注册令牌')
    .option('--enroll-token-file <file>', 'read the enrollment token from this file / 从文件读取注册令牌')
    .option('--state <dir>', 'agent state: credential, spool, file-integrity baseline (file integrity is off without it) / 代理状态目录')
    .option('--fim-paths <paths...>', `trees file integrity watches (default: ${DEFAULT_FIM_PATHS.join(' ')} and web roots) / 文件完整性监控路径`)
    .option('--no-fim', 'no file integrity monitoring / 不监控文件完整性')
    .option('--inventory-full-hours <hours>', 'full inventory refresh interval / 完整资产刷新间隔（小时）', '6')
    .option('--compliance <profile>', 'compliance profile run and sent every 12 h with --server / 定期运行并上报的合规基线', 'host-baseline')
    .option('--no-compliance', 'no periodic compliance report / 不定期上报合规结果')
    .action(async (destination: string, flags: RunFlags) => {
      const duration = flags.duration === undefined ? undefined : Number(flags.duration);
      if (duration !== undefined && !(Number.isFinite(duration) && duration > 0)) {
        throw new UserError(`--duration: expected a positive number of seconds, got '${flags.duration}'`, 'BAD_FLAG');
      }
      const cpuPercent = flags.cpuMax === undefined ? undefined : parseCpuPercent(flags.cpuMax);
      if (flags.cpuMax !== undefined && cpuPercent === undefined) throw new UserError(`--cpu-max: expected a positive percent of one CPU, got '${flags.cpuMax}'`, 'BAD_FLAG');
      const memoryBytes = flags.memoryMax === undefined ? undefined : parseSize(flags.memoryMax);
      if (flags.memoryMax !== undefined && memoryBytes === undefined) throw new UserError(`--memory-max: expected a size such as 256M, got '${flags.memoryMax}'`, 'BAD_FLAG');
      const fullHours = Number(flags.inventoryFullHours);
      if (!(Number.isFinite(fullHours) && fullHours > 0)) throw new UserError(`--inventory-full-hours: expected a positive number, got '${flags.inventoryFullHours}'`, 'BAD_FLAG');
      if (flags.server && destination !== '-') throw new UserError('give either a destination or --server, not both', 'BAD_FLAG');
      if (flags.server && !flags.state) throw new UserError('--server needs --state DIR (credential and spool live there)', 'BAD_FLAG');
      const host = { ...localHost(), ...(flags.hostId ? { id: flags.hostId } : {}) };
      const warn = (m: string): void => void process.stderr.write(`vigil: warning: ${m}\n`);
      const stopping = new AbortController();
      const onSignal = (): void => stopping.abort();
      process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
      // Enrolled before anything starts: an agent that cannot enroll should not run half-connected.
      const credential = flags.server
        ? await enroll({ server: flags.server, token: () => enrollToken(flags), host, version: AGENT_VERSION, stateDir: flags.state!, signal: stopping.signal, onWarn: warn }).finally(() => process.off('SIGINT', onSignal).off('SIGTERM', onSignal))
        : undefined;
      const out = credential ? undefined : await openDestination(destination);
      // Capped before the sensor starts, so its compiler runs inside the caps too.
      const cgroup = cpuPercent !== undefined || memoryBytes !== undefined ? await AgentCgroup.create({ cpuPercent, memoryBytes }) : undefined;
      let uplink: Uplink | undefined;
      let malware: Awaited<ReturnType<typeof startRealtimeMalware>> | undefined;
      const emit = (e: VigilEvent): void => {
        if (uplink) uplink.add(e);
        else write(out!, e);
        malware?.observe(e);
      };
      malware = flags.malware ? await startRealtimeMalware({ host, onEvent: emit, onWarn: warn, paths: flags.malwarePaths, rules: flags.malwareRules, stateDir: flags.malwareState }) : undefined;
      const fimPaths = flags.fimPaths ?? (await defaultFimPaths());
      const sensorsOn = new HostSensors({
        host,
        onEvent: emit,
        processSensors: () => sensors(flags.sensor),
        fim: flags.fim && flags.state ? { stateDir: join(flags.state, 'fim'), paths: fimPaths } : undefined,
        onWarn: warn,
        onNotice: (m) => process.stderr.write(`vigil: ${m}\n`),
      });
      if (credential) {
        const usage = new SelfUsage();
        const runner = new ActionRunner(responseActions({ hostId: host.id }), flags.state!);
        uplink = new Uplink({
          api: new AgentApi(credential),
          stateDir: join(flags.state!, 'spool'),
          version: AGENT_VERSION,
          inventoryFullEveryMs: fullHours * 3600_000,
          health: () => ({ sensors: { ...sensorsOn.health() }, drops: sensorsOn.limiter.dropped(), ...usage.sample() }),
          applyConfig: (config) => sensorsOn.apply(config),
          runAction: (action) => runner.run(action),
          // Loaded when first run: its database probes (pg, mysql2) are no part of the resident agent.
          ...(flags.compliance ? { complianceReport: async () => (await import('@vigil/compliance')).runProfile(flags.compliance as string) } : {}),
          onWarn: warn,
        });
      }
      try {
        await sensorsOn.start();
        uplink?.start();
        const where = credential ? `; sending to ${credential.server} as agent ${credential.agent_id}` : '';
        process.stderr.write(`vigil: agent running: ${describeHealth(sensorsOn.health())}${cgroup ? ` in ${cgroup.path}` : ''}${malware ? `; ${malware.describe()}` : ''}${where}\n`);
        if (!stopping.signal.aborted) await stopSignal(duration, out);
        await sensorsOn.stop();
        await malware?.stop();
        await uplink?.stop();
        if (out) await new Promise<void>((resolve) => (out === process.stdout ? resolve() : (out as WriteStream).end(resolve)));
        process.stderr.write(`vigil: agent stopped: ${describeHealth(sensorsOn.health())}\n`);
      } catch (err) {
        if (err instanceof SensorUnavailable) throw new UserError(err.message, 'SENSOR_UNAVAILABLE');
        throw err;
      } finally {
        await cgroup?.remove();
      }
    });
}

/** The token from the flag or the file, read only when the agent has to enroll. */
async function enrollToken(flags: RunFlags): Promise<string> {
  if (flags.enrollToken) return flags.enrollToken;
  if (!flags.enrollTokenFile) throw new UserError('not enrolled with this server yet: give --enroll-token or --enroll-token-file', 'NOT_ENROLLED');
  return readFile(flags.enrollTokenFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`--enroll-token-file: cannot read ${flags.enrollTokenFile} (${err.code ?? err.message})`, 'ENOENT');
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
function stopSignal(duration: number | undefined, out: NodeJS.WritableStream | undefined): Promise<void> {
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
    out?.once('error', done); // EPIPE: `vigil agent run | head`
  });
}

function describeHealth(health: SensorsHealth): string {
  const fim = health.fim.state === 'off' ? '' : `; file integrity ${health.fim.state} on ${health.fim.paths.length} trees`;
  const h = health.process;
  if (!('sensor' in h)) return `process sensor off${fim}`;
  const unavailable = h.unavailable.map((u) => `; ${u.sensor} unavailable: ${u.reason}`).join('');
  const dropped = Object.entries(h.dropped ?? {}).map(([kind, n]) => `, ${n} ${kind} dropped by rate limit`).join('');
  return `process sensor ${h.sensor} (${h.state}), ${h.events} events, ${h.lost} lost${dropped}, ${h.restarts} restarts${unavailable}${fim}`;
}
