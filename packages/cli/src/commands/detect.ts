import Table from 'cli-table3';
import { type Command, Option } from 'commander';
import { UserError } from '@vigil/schema';
import { builtInRulesDir, Engine, geoWarning, loadRulePaths, readEventLines, readGeoCsv, type Alert } from '@vigil/detect';

type OutputFormat = 'table' | 'json';

interface DetectFlags {
  rules?: string[];
  events?: string;
  geoip?: string[];
  format: OutputFormat;
  verbose?: boolean;
}

/** `vigil detect --rules PATH... --events FILE.jsonl` */
export function registerDetect(program: Command): void {
  program
    .command('detect')
    .description('Replay recorded events through the detection rules and print the alerts / 离线回放事件并输出告警')
    .option('--rules <paths...>', 'rule files or directories (Vigil, Falco or Sigma rules YAML; default: the built-in pack in rules/) / 规则文件或目录（默认：内置规则包 rules/）')
    .option('--events <file>', 'events, one JSON object per line (Vigil event schema) / 事件文件（JSON Lines）')
    .option('--geoip <files...>', 'GeoIP City blocks CSV (GeoLite2 or DB-IP; IPv4 and IPv6 files) for impossible-travel rules / 地理数据库（City CSV），供不可能旅行规则使用')
    .addOption(new Option('--format <format>', 'output format: table, or json (one alert per line) / 输出格式').choices(['table', 'json']).default('table'))
    .option('--verbose', 'list every rule that was skipped and why, and stateful rules\' evicted keys / 列出被跳过的规则及原因、有状态规则被淘汰的键')
    .action(async (flags: DetectFlags) => {
      await runDetect(flags);
    });
}

async function runDetect(flags: DetectFlags): Promise<void> {
  if (!flags.events) throw new UserError('--events FILE.jsonl is required', 'USAGE');
  const paths = flags.rules?.length ? flags.rules : [builtInPack()];
  const geo = flags.geoip?.length ? readGeoCsv(flags.geoip) : undefined;
  const loaded = loadRulePaths(paths);
  const { engine, compiled, skipped } = Engine.build(loaded.rules, { geo });
  const allSkipped = [...loaded.skipped, ...skipped];
  const noGeo = geoWarning(compiled, geo);
  for (const w of noGeo ? [...loaded.warnings, noGeo] : loaded.warnings) process.stderr.write(`vigil: warning: ${w}\n`);
  if (allSkipped.length) {
    process.stderr.write(`vigil: warning: ${allSkipped.length} of ${compiled.length + allSkipped.length} rules skipped${flags.verbose ? ':' : ' (--verbose lists them)'}\n`);
    if (flags.verbose) for (const s of allSkipped) process.stderr.write(`  ${s.name}: ${s.reason}\n`);
  }

  const table = flags.format === 'table' ? new Table({ head: ['time', 'severity', 'rule', 'host', 'container', 'output'], style: { head: [], border: [] }, wordWrap: true, colWidths: [null, null, 28, null, 14, 60] }) : undefined;
  let events = 0;
  let alerts = 0;
  const emit = (a: Alert) => {
    alerts++;
    if (table) table.push(tableRow(a));
    else process.stdout.write(`${JSON.stringify(a)}\n`);
  };
  for await (const ev of readEventLines(flags.events)) {
    events++;
    for (const a of engine.process(ev)) emit(a);
  }
  // No flush at the end: a recording stops without saying time ran on, so only deadlines its own events passed raise alerts.
  const evicted = engine.stats().filter((s) => s.evicted > 0);
  if (evicted.length) {
    process.stderr.write(`vigil: warning: stateful rules evicted keys at their max_keys bound${flags.verbose ? ':' : ' (--verbose lists them)'}\n`);
    if (flags.verbose) for (const s of evicted) process.stderr.write(`  ${s.rule}: ${s.evicted} evicted\n`);
  }
  if (table) {
    if (alerts) process.stdout.write(`${table.toString()}\n`);
    process.stdout.write(`${events} events, ${alerts} alerts / ${events} 个事件，${alerts} 条告警\n`);
  }
}

function builtInPack(): string {
  const dir = builtInRulesDir();
  if (!dir) throw new UserError('no --rules given and the built-in rule pack (rules/ beside packages/) was not found', 'USAGE');
  return dir;
}

function tableRow(a: Alert): string[] {
  const events = a.events.length > 1 ? ` [${a.events.length} events]` : '';
  const rule = (a.techniques.length ? `${a.rule.name} (${a.techniques.join(', ')})` : a.rule.name) + events;
  return [a.time, a.severity, rule, a.host.name ?? a.host.id, a.container?.id.slice(0, 12) ?? '', a.output];
}
