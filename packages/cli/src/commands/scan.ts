import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { SEVERITY_ORDER, UserError, type SeverityLevel } from '@vigil/schema';
import { defaultDbPath, openAdvisoryDb, type AdvisoryDb } from '@vigil/vulndb';
import {
  REPORT_FORMATS,
  applyVex,
  filterFindings,
  readVex,
  renderReport,
  scan,
  type ReportFormat,
  type ScanReport,
  type TargetKind,
} from '@vigil/scanner';
import { byteProgress } from '../progress.ts';
import { registerMalwareScan } from './malware.ts';
import { combineSections, parseScanners, runImageScanners } from './image-scanners.ts';
import { parseSize } from '../size.ts';

/** A database older than this gets a warning on every scan. */
const DB_STALE_DAYS = 7;

interface ScanFlags {
  format: ReportFormat;
  output?: string;
  severity?: string;
  ignoreUnfixed?: boolean;
  exitCode: string;
  vex?: string;
  skipDirs?: string[];
  db?: string;
  vuln: boolean;
  includeDevDeps?: boolean;
  maxFileSize?: string;
  maxDecompressed?: string;
  /** `scan image` only: which scanners run (see image-scanners.ts). */
  scanners?: string;
}

const TARGETS: { kind: TargetKind; arg: string; what: string }[] = [
  { kind: 'image', arg: '<target>', what: 'a container image: docker-archive tar, OCI layout (dir or tar), or an image name in the local Docker Engine / 容器镜像' },
  { kind: 'rootfs', arg: '<dir>', what: 'an unpacked root filesystem (installed OS and language packages) / 根文件系统' },
  { kind: 'fs', arg: '<dir>', what: 'a source tree: lockfiles and manifests / 源码目录（锁文件与清单）' },
  { kind: 'sbom', arg: '<file>', what: 'a CycloneDX or SPDX JSON SBOM / SBOM 文件' },
];

/** `vigil scan image|rootfs|fs|sbom` */
export function registerScan(program: Command): void {
  const scanCmd = program
    .command('scan')
    .description('Scan images, root filesystems, source trees and SBOMs for vulnerabilities / 扫描漏洞与软件成分');
  for (const t of TARGETS) {
    const cmd = scanCmd.command(`${t.kind} ${t.arg}`).description(`Scan ${t.what}`);
    if (t.kind === 'image') cmd.option('--scanners <list>', 'what to look for, comma-separated: vuln, malware, hardening / 扫描类型（逗号分隔）：vuln 漏洞、malware 恶意文件、hardening 加固与瘦身建议', 'vuln');
    addScanOptions(cmd).action(async (ref: string, flags: ScanFlags) => {
      process.exitCode = await runScan(t.kind, ref, flags);
    });
  }
  registerMalwareScan(scanCmd);
}

function addScanOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', 'output format').choices([...REPORT_FORMATS]).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--severity <levels>', `only report these severities, comma-separated (${[...SEVERITY_ORDER].reverse().join(',')})`)
    .option('--ignore-unfixed', 'drop findings that have no fixed version')
    .option('--exit-code <n>', 'exit with this code when any finding remains after filters (CI gate)', '0')
    .option('--vex <file>', 'OpenVEX document whose not_affected/fixed statements suppress findings')
    .option('--skip-dirs <dirs...>', 'directories never read (comma-separated or repeated; globs * and **)')
    .option('--db <file>', 'vulnerability database (default: $VIGIL_DB or ~/.cache/vigil/vulndb.sqlite)')
    .option('--include-dev-deps', 'also match dependencies that lockfiles mark as development-only')
    .option('--no-vuln', 'catalog packages only, without vulnerability matching (SBOM generation)')
    .option('--max-file-size <size>', 'never read files larger than this (default 256MB)')
    .option('--max-decompressed <size>', 'abort when layers decompress to more than this (default 64GB)');
}

async function runScan(kind: TargetKind, ref: string, flags: ScanFlags): Promise<number> {
  // Every flag is checked before any work, so a typo costs nothing and prints one line.
  const gate = parseExitCode(flags.exitCode);
  const severities = parseSeverities(flags.severity);
  const outputPath = flags.output ? checkOutputPath(flags.output) : undefined;
  const maxFileSize = flags.maxFileSize ? parseSize(flags.maxFileSize, '--max-file-size') : undefined;
  const maxDecompressedBytes = flags.maxDecompressed ? parseSize(flags.maxDecompressed, '--max-decompressed') : undefined;
  const vex = flags.vex ? await readVex(flags.vex) : undefined;
  const skipDirs = flags.skipDirs?.flatMap((d) => d.split(',')).filter(Boolean);
  const scanners = parseScanners(flags.scanners ?? 'vuln', flags.format);
  const sectionFormat = flags.format === 'json' ? 'json' : 'table';
  if (!scanners.vuln) {
    const sections = await runImageScanners(ref, scanners.others, { format: sectionFormat, maxFileSize });
    const text = combineSections(sectionFormat, undefined, sections);
    if (outputPath) await writeFile(outputPath, `${text}\n`);
    else process.stdout.write(`${text}\n`);
    return gate !== 0 && [...sections.values()].some((s) => s.flagged > 0) ? gate : 0;
  }

  const { db, notes } = flags.vuln ? openDatabase(flags.db, gate !== 0) : { db: undefined, notes: [] };
  const progress = byteProgress(`Scanning ${kind}`);
  let report: ScanReport;
  try {
    report = await scan(kind, ref, {
      db,
      dbInfo: db ? { path: db.path, builtAt: db.builtAt(), sources: db.sources().map((s) => s.name) } : undefined,
      skipDirs,
      includeDevDeps: flags.includeDevDeps,
      maxFileSize,
      maxDecompressedBytes,
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.stop();
    db?.close();
  }

  let findings = filterFindings(report.findings, { severities, ignoreUnfixed: flags.ignoreUnfixed });
  if (vex) findings = applyVex(findings, vex).kept;
  const shown: ScanReport = { ...report, findings };
  printWarnings([...notes, ...report.warnings]);

  const sections = await runImageScanners(ref, scanners.others, { format: sectionFormat, maxFileSize });
  const text = combineSections(sectionFormat, renderReport(shown, flags.format), sections);
  if (outputPath) await writeFile(outputPath, text.endsWith('\n') ? text : `${text}\n`);
  else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return gate !== 0 && (findings.length > 0 || [...sections.values()].some((s) => s.flagged > 0)) ? gate : 0;
}

type OpenedDb = AdvisoryDb & { path: string };

/**
 * Open the advisory database. Without one, list packages only — unless the scan gates CI or the
 * user named a database, where silently finding nothing would be a lie. `notes` are printed
 * after a successful scan, beside its other warnings.
 */
function openDatabase(flag: string | undefined, gating: boolean): { db?: OpenedDb; notes: string[] } {
  const path = resolve(flag ?? defaultDbPath());
  if (!existsSync(path)) {
    const hint = 'import advisories with `vigil db import <path>` or `vigil db update`';
    if (gating || flag) throw new UserError(`no vulnerability database at ${path}: ${hint}`, 'NO_DB');
    return { notes: [`no vulnerability database at ${path}; listing packages only (${hint})`] };
  }
  const db = Object.assign(openAdvisoryDb(path, { readonly: true }), { path });
  const built = db.builtAt();
  const days = built ? (Date.now() - Date.parse(built)) / 86_400_000 : 0;
  const notes =
    days > DB_STALE_DAYS ? [`vulnerability database is ${Math.floor(days)} days old (built ${built}); run \`vigil db update\``] : [];
  return { db, notes };
}

function parseExitCode(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new UserError(`--exit-code: expected an integer 0-255, got '${text}'`, 'BAD_FLAG');
  return n;
}

function parseSeverities(text: string | undefined): SeverityLevel[] | undefined {
  if (!text) return undefined;
  return text.split(',').map((s) => {
    const level = s.trim().toUpperCase() as SeverityLevel;
    if (!SEVERITY_ORDER.includes(level)) {
      throw new UserError(`--severity: unknown level '${s.trim()}' (use ${[...SEVERITY_ORDER].reverse().join(', ')})`, 'BAD_FLAG');
    }
    return level;
  });
}

/** Refuse before scanning, not after minutes of work, when the report cannot be written. */
function checkOutputPath(file: string): string {
  const path = resolve(file);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`--output: directory does not exist: ${dir}`, 'ENOENT');
  if (existsSync(path) && statSync(path).isDirectory()) throw new UserError(`--output: is a directory: ${path}`, 'EISDIR');
  return path;
}

const MAX_WARNINGS_SHOWN = 20;

function printWarnings(warnings: readonly string[]): void {
  for (const w of warnings.slice(0, MAX_WARNINGS_SHOWN)) process.stderr.write(`vigil: warning: ${w}\n`);
  if (warnings.length > MAX_WARNINGS_SHOWN) {
    process.stderr.write(`vigil: warning: … and ${warnings.length - MAX_WARNINGS_SHOWN} more (see --format json)\n`);
  }
}
