import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { UserError } from '@vigil/schema';
import { COMPLIANCE_FORMATS, adviseImage, listProfiles, renderCompliance, renderHardening, runProfile, socketDocker, type ComplianceFormat } from '@vigil/compliance';

interface RunFlags {
  profile?: string;
  format: ComplianceFormat;
  output?: string;
  root?: string;
  checks?: string;
  kubeBenchCfg?: string;
  targets?: string;
  dictionary?: string[];
  manifests?: string[];
  allContainers?: boolean;
  dockerSocket: string;
  exitCode: string;
}

/** `vigil compliance run --profile …` and `vigil compliance profiles` */
export function registerCompliance(program: Command): void {
  const cmd = program
    .command('compliance')
    .description('Compliance audits: CIS Docker, kube-bench profiles, host baseline, MLPS 2.0 level 3 / 合规基线检查');
  cmd
    .command('run')
    .description('Run one profile against this host (or --root DIR) and print its results / 运行一个基线并输出结果')
    .option('--profile <name>', 'cis-docker-1.6, cis-k8s-<benchmark> (e.g. cis-k8s-1.9), host-baseline, mlps-l3 or k8s-workloads / 基线名称')
    .addOption(new Option('-f, --format <format>', 'output format / 输出格式').choices([...COMPLIANCE_FORMATS]).default('table'))
    .option('-o, --output <file>', 'write the report to a file / 写入文件')
    .option('--root <dir>', 'audit an unpacked root filesystem instead of the live host (file checks only) / 检查离线根文件系统')
    .option('--checks <dir>', "Vigil check files (default: the repository's rules/compliance) / 检查项目录")
    .option('--kube-bench-cfg <dir>', "kube-bench's cfg/ directory (default $VIGIL_KUBE_BENCH_CFG or /etc/kube-bench/cfg)")
    .option('--targets <list>', 'kube-bench targets to run, comma-separated (master,node,etcd,controlplane,policies)')
    .option('--dictionary <files...>', 'password lists for the weak-password checks, most common first (default $VIGIL_PASSWORD_LISTS) / 弱口令字典')
    .option('--manifests <paths...>', 'Kubernetes manifest files or directories for the k8s-workloads checks / Kubernetes 清单文件或目录')
    .option('--all-containers', "Docker checks also audit stopped containers (the benchmark's docker ps --all; default: running ones, as docker-bench-security)")
    .option('--docker-socket <path>', 'Docker Engine socket', '/var/run/docker.sock')
    .option('--exit-code <n>', 'exit with this code when any check fails (CI gate)', '0')
    .action(async (flags: RunFlags) => {
      process.exitCode = await run(flags);
    });
  cmd
    .command('profiles')
    .description('List the profiles that can run here / 列出可用基线')
    .option('--checks <dir>', 'Vigil check files')
    .option('--kube-bench-cfg <dir>', "kube-bench's cfg/ directory")
    .action(async (flags: { checks?: string; kubeBenchCfg?: string }) => {
      const names = await listProfiles({ ...(flags.checks ? { checksDir: flags.checks } : {}), ...(flags.kubeBenchCfg ? { kubeBenchCfg: flags.kubeBenchCfg } : {}) });
      process.stdout.write(`${names.join('\n')}\n`);
    });
}

async function run(flags: RunFlags): Promise<number> {
  if (!flags.profile) throw new UserError('--profile is required (see `vigil compliance profiles`)', 'USAGE');
  const gate = Number(flags.exitCode);
  if (!Number.isInteger(gate) || gate < 0 || gate > 255) throw new UserError(`--exit-code: expected an integer 0-255, got '${flags.exitCode}'`, 'BAD_FLAG');
  const report = await runProfile(flags.profile, {
    ...(flags.root ? { root: flags.root } : { docker: socketDocker(flags.dockerSocket) }),
    ...(flags.checks ? { checksDir: flags.checks } : {}),
    ...(flags.kubeBenchCfg ? { kubeBenchCfg: flags.kubeBenchCfg } : {}),
    ...(flags.targets ? { kubeTargets: flags.targets.split(',').map((t) => t.trim()).filter(Boolean) } : {}),
    ...(flags.dictionary?.length ? { passwordLists: flags.dictionary } : {}),
    ...(flags.manifests?.length ? { manifests: flags.manifests } : {}),
    ...(flags.allContainers ? { allContainers: true } : {}),
  });
  const text = renderCompliance(report, flags.format);
  if (flags.output) await writeFile(flags.output, text);
  else process.stdout.write(text);
  return gate !== 0 && report.summary.fail > 0 ? gate : 0;
}

/** `vigil scan image --scanners hardening`: the hardening and slimming section. */
export async function scanImageForHardening(ref: string, opts: { format: 'table' | 'json'; maxFileSize?: number }): Promise<{ text: string; json: unknown; flagged: number }> {
  const report = await adviseImage(ref, { docker: socketDocker('/var/run/docker.sock'), ...(opts.maxFileSize ? { maxFileSize: opts.maxFileSize } : {}) });
  return { text: renderHardening(report), json: report, flagged: report.advice.filter((a) => a.severity !== 'low').length };
}
