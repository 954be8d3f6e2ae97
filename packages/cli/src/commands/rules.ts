import { type Command, Option } from 'commander';
import { AttackCatalog, UserError } from '@vigil/schema';
import { lintRules, loadRuleFiles, runRuleTests } from '@vigil/detect';

type OutputFormat = 'text' | 'json';

interface LintFlags {
  attack?: string;
  format: OutputFormat;
}

/** `vigil rules lint|test PATH...` */
export function registerRules(program: Command): void {
  const rules = program.command('rules').description('Check rule files and run their inline tests / 检查规则文件并运行内置测试');
  rules
    .command('lint')
    .description('Report schema errors, unknown fields, missing en/zh, duplicate ids, undefined macros and bad ATT&CK ids / 检查规则错误')
    .argument('<paths...>', 'rule files or directories / 规则文件或目录')
    .option('--attack <path>', 'enterprise ATT&CK STIX (bundle .json, .tar.gz or a directory); default $VIGIL_ATTACK / ATT&CK 数据路径')
    .addOption(new Option('--format <format>', 'output format / 输出格式').choices(['text', 'json']).default('text'))
    .action(async (paths: string[], flags: LintFlags) => {
      process.exitCode = await runLint(paths, flags);
    });
  rules
    .command('test')
    .description("Run every rule's inline tests (match / no_match) / 运行每条规则的内置测试")
    .argument('<paths...>', 'rule files or directories / 规则文件或目录')
    .action((paths: string[]) => {
      process.exitCode = runTests(paths);
    });
}

async function runLint(paths: string[], flags: LintFlags): Promise<number> {
  const attack = flags.attack ?? process.env.VIGIL_ATTACK;
  const catalog = attack ? await AttackCatalog.read(attack) : undefined;
  const report = lintRules(paths, catalog);
  if (flags.format === 'json') {
    process.stdout.write(`${JSON.stringify({ rules: report.rules.length, errors: report.errors, warnings: report.warnings, attackChecked: report.attackChecked })}\n`);
  } else {
    for (const e of report.errors) process.stdout.write(`error: ${e}\n`);
    for (const w of report.warnings) process.stdout.write(`warning: ${w}\n`);
    if (!report.attackChecked) process.stdout.write('note: ATT&CK ids were not checked (give --attack PATH or VIGIL_ATTACK) / 未检查 ATT&CK 编号（请指定 --attack 或 VIGIL_ATTACK）\n');
    process.stdout.write(`${report.rules.length} rules, ${report.errors.length} errors, ${report.warnings.length} warnings / ${report.rules.length} 条规则，${report.errors.length} 个错误，${report.warnings.length} 个警告\n`);
  }
  return report.errors.length ? 1 : 0;
}

function runTests(paths: string[]): number {
  const loaded = loadRuleFiles(paths);
  // A rule that does not load cannot be tested: each load error counts as a failure.
  for (const e of loaded.errors) process.stdout.write(`FAIL ${e}\n`);
  const results = runRuleTests(loaded.rules);
  if (results.length === 0 && loaded.errors.length === 0) throw new UserError(`${paths.join(' ')}: no rule has inline tests`, 'NO_TESTS');
  let failed = loaded.errors.length;
  for (const r of results) {
    const ok = r.failures.length === 0;
    if (!ok) failed++;
    process.stdout.write(`${ok ? 'pass' : 'FAIL'} ${r.rule.id} (${r.cases} cases)\n`);
    for (const f of r.failures) process.stdout.write(`  ${r.rule.file ?? ''}${r.rule.line ? `:${r.rule.line}` : ''}: ${f}\n`);
  }
  const passed = results.length + loaded.errors.length - failed;
  process.stdout.write(`${passed} passed, ${failed} failed / ${passed} 条通过，${failed} 条失败\n`);
  return failed ? 1 : 0;
}
