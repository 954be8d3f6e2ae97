import { type Command, Option } from 'commander';
import { DEFAULT_FIM_PATHS, localHost, DEFAULT_HASH_CAP, buildBaseline, verifyBaseline, type OneShotResult } from '@vigil/agent';
import { UserError, type VigilEvent } from '@vigil/schema';
import { parseSize } from '../../size.ts';

type OutputFormat = 'table' | 'json';

interface FimFlags {
  paths?: string[];
  state: string;
  hashCap?: string;
  format: OutputFormat;
}

interface VerifyFlags extends FimFlags {
  deep?: boolean;
  exitCode: string;
}

const formatOption = () => new Option('--format <format>', 'output format / 输出格式').choices(['table', 'json']).default('table');

/** `vigil agent fim baseline|verify`: file integrity monitoring as one-shot commands. */
export function registerAgentFim(agent: Command): void {
  const fim = agent.command('fim').description('File integrity monitoring: record and verify a baseline / 文件完整性监控：建立与校验基线');

  withCommon(fim.command('baseline'))
    .description('Record hashes, modes, owners and inodes of the paths as the baseline / 记录基线（哈希、权限、属主、inode）')
    .action(async (flags: FimFlags) => {
      const result = await buildBaseline({ ...(await common(flags)), paths: flags.paths ?? DEFAULT_FIM_PATHS });
      if (flags.format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else process.stdout.write(`baseline of ${result.roots.join(', ')}: ${result.entries} entries${notFound(result)}\n`);
    });

  withCommon(fim.command('verify'))
    .description('Report every difference between disk and the baseline, then accept it as the new baseline / 校验并报告与基线的差异')
    .option('--deep', 're-read every file, even when inode, size and times are unchanged / 重新读取所有文件内容')
    .option('--exit-code <n>', 'exit with this code when any change is found (CI gate) / 发现变化时的退出码', '0')
    .action(async (flags: VerifyFlags) => {
      const gate = Number(flags.exitCode);
      if (!Number.isInteger(gate) || gate < 0 || gate > 255) throw new UserError(`--exit-code: expected an integer 0-255, got '${flags.exitCode}'`, 'BAD_FLAG');
      const events: VigilEvent[] = [];
      const onEvent = flags.format === 'json' ? (e: VigilEvent) => events.push(e) : (e: VigilEvent) => process.stdout.write(`${line(e)}\n`);
      const result = await verifyBaseline({ ...(await common(flags)), paths: flags.paths, deep: flags.deep }, onEvent);
      if (flags.format === 'json') process.stdout.write(`${JSON.stringify({ ...result, events }, null, 2)}\n`);
      else process.stdout.write(summary(result));
      if (result.changes > 0) process.exitCode = gate;
    });
}

function withCommon(cmd: Command): Command {
  return cmd
    .requiredOption('--state <dir>', 'agent state directory holding the baseline / 状态目录')
    .option('--paths <paths...>', `paths to watch (default: ${DEFAULT_FIM_PATHS.join(' ')}) / 监控路径`)
    .option('--hash-cap <size>', `hash only this much of larger files, flagged partial (default ${DEFAULT_HASH_CAP / 1024 ** 2}MB) / 哈希上限`)
    .addOption(formatOption());
}

async function common(flags: FimFlags) {
  const warn = (m: string) => process.stderr.write(`vigil: warning: ${m}\n`);
  return {
    stateDir: flags.state,
    host: localHost(),
    hashCap: flags.hashCap === undefined ? undefined : parseSize(flags.hashCap, '--hash-cap'),
    onWarn: warn,
  };
}

function line(e: VigilEvent): string {
  const f = e.file!;
  const detail: string[] = [];
  if (f.old_path) detail.push(`from ${f.old_path}`);
  if (e.event.action === 'modify') detail.push(`sha256 ${short(f.old_hash?.sha256)} → ${short(f.hash?.sha256)}`);
  if (e.event.action === 'chmod') detail.push(`mode ${e.labels?.['file.old_mode']} → ${f.mode}`);
  if (e.event.action === 'chown') detail.push(`owner ${e.labels?.['file.old_uid']}:${e.labels?.['file.old_gid']} → ${f.uid}:${f.gid}`);
  return `${(e.event.action ?? '').padEnd(7)} ${f.path}${detail.length ? `  (${detail.join(', ')})` : ''}`;
}

const short = (h: string | undefined) => (h ? h.slice(0, 12) : '-');

function summary(r: OneShotResult): string {
  return `${r.changes} change(s) in ${r.checked} paths under ${r.roots.join(', ')}${notFound(r)}\n`;
}

const notFound = (r: OneShotResult) => (r.missing.length ? `; not found: ${r.missing.join(', ')}` : '');
