import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import { UserError } from '@vigil/schema';
import { Engine, loadRulePaths, readEventLines, type Alert } from '@vigil/detect';

type OutputFormat = 'table' | 'json';

interface DetectFlags {
  rules?: string[];
  events?: string;
  format: OutputFormat;
  verbose?: boolean;
}

/** `vigil detect --rules PATH... --events FILE.jsonl` */
export function registerDetect(program: Command): void {
  program
    .command('detect')
    .description('Replay recorded events through the detection rules and print the alerts / 离线回放事件并输出告警')
    .option('--rules <paths...>', 'rule files or directories (Falco or Sigma rules YAML) / 规则文件或目录')
    .option('--events <file>', 'events, one JSON object per line (Vigil event schema) / 事件文件（JSON Lines）')
    .addOption(new Option('--format <format>', 'output format: table, or json (one alert per line) / 输出格式').choices(['table', 'json']).default('table'))
    .option('--verbose', 'list every rule that was skipped and why / 列出被跳过的规则及原因')
    .action(async (flags: DetectFlags) => {
      await runDetect(flags);
    });
}

async function runDetect(flags: DetectFlags): Promise<void> {
  if (!flags.events) throw new UserError('--events FILE.jsonl is required', 'USAGE');
  if (!flags.rules?.length) throw new UserError('--rules PATH is required: there is no built-in rule pack yet', 'USAGE');

  const loaded = loadRulePaths(flags.rules);
  const { engine, compiled, skipped } = Engine.build(loaded.rules);
  const allSkipped = [...loaded.skipped, ...skipped];
  for (const w of loaded.warnings) process.stderr.write(`vigil: warning: ${w}\n`);
  if (allSkipped.length) {
    process.stderr.write(`vigil: warning: ${allSkipped.length} of ${compiled.length + allSkipped.length} rules skipped${flags.verbose ? ':' : ' (--verbose lists them)'}\n`);
    if (flags.verbose) for (const s of allSkipped) process.stderr.write(`  ${s.name}: ${s.reason}\n`);
  }

  const table = flags.format === 'table' ? new Table({ head: ['time', 'severity', 'rule', 'host', 'container', 'output'], style: { head: [], border: [] }, wordWrap: true, colWidths: [null, null, 28, null, 14, 60] }) : undefined;
  let events = 0;
  let alerts = 0;
  for await (const ev of readEventLines(flags.events)) {
    events++;
    for (const a of engine.process(ev)) {
      alerts++;
      if (table) table.push(tableRow(a));
      else process.stdout.write(`${JSON.stringify(a)}\n`);
    }
  }
  if (table) {
    if (alerts) process.stdout.write(`${table.toString()}\n`);
    process.stdout.write(`${events} events, ${alerts} alerts / ${events} 个事件，${alerts} 条告警\n`);
  }
}

function tableRow(a: Alert): string[] {
  const rule = a.techniques.length ? `${a.rule.name} (${a.techniques.join(', ')})` : a.rule.name;
  return [a.time, a.severity, rule, a.host.name ?? a.host.id, a.container?.id.slice(0, 12) ?? '', a.output];
}
