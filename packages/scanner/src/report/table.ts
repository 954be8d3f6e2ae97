/**
 * Human-readable report: the target and its OS, then one section per place packages were found
 * (the OS package database, each lockfile or manifest), each with its counts per severity and a
 * table of findings. Without an advisory database it lists the packages instead. Plain text: the
 * CLI decides about colour.
 */
import Table from 'cli-table3';
import { SEVERITY_ORDER, type Finding, type Package, type SeverityLevel } from '@vigil/schema';
import { isOsPackage } from './packages.ts';
import type { ScanReport } from './model.ts';

const TITLE_WIDTH = 60;
const LEVELS_DESC = [...SEVERITY_ORDER].reverse();

function newTable(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [] }, wordWrap: true });
}

function truncate(text: string, width: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= width ? oneLine : `${oneLine.slice(0, width - 1)}…`;
}

function describeOs(report: ScanReport): string | undefined {
  const os = report.target.os;
  if (!os) return undefined;
  const release = [os.id, os.versionId ?? os.codename].filter(Boolean).join(' ');
  return os.prettyName ? `${os.prettyName} (${release})` : release;
}

/** Section a package belongs to: the OS, or the file its ecosystem's packages were read from. */
function sectionOf(pkg: Pick<Package, 'type' | 'ecosystem'>, locations: Package['locations']): string {
  if (isOsPackage(pkg.type)) return 'os';
  const where = locations[0]?.path ?? '';
  return `${where}\u0000${pkg.ecosystem || pkg.type}`;
}

function sectionTitle(key: string, report: ScanReport): string {
  if (key === 'os') return `OS packages / 系统软件包: ${describeOs(report) ?? 'unknown OS / 未知操作系统'}`;
  const [path, ecosystem] = key.split('\u0000');
  return `${path || report.target.name} (${ecosystem})`;
}

export function severityCounts(findings: readonly Finding[]): Record<SeverityLevel, number> {
  const counts = Object.fromEntries(SEVERITY_ORDER.map((l) => [l, 0])) as Record<SeverityLevel, number>;
  for (const f of findings) counts[f.severity.level]++;
  return counts;
}

function summaryLine(label: string, findings: readonly Finding[]): string {
  const counts = severityCounts(findings);
  return `${label}: ${findings.length} (${LEVELS_DESC.map((l) => `${l}: ${counts[l]}`).join(', ')})`;
}

function findingsTable(findings: readonly Finding[]): string {
  const table = newTable([
    'Package / 软件包',
    'Vulnerability / 漏洞',
    'Severity / 严重程度',
    'Status / 状态',
    'Installed / 已安装版本',
    'Fixed / 修复版本',
    'Title / 标题',
  ]);
  for (const f of findings) {
    table.push([
      f.package.name,
      f.id,
      f.severity.level,
      f.status,
      f.installedVersion,
      f.fixedVersions.join(', '),
      truncate(f.title ?? f.description ?? '', TITLE_WIDTH),
    ]);
  }
  return table.toString();
}

function packagesTable(packages: readonly Package[]): string {
  const table = newTable(['Package / 软件包', 'Version / 版本', 'Type / 类型', 'Location / 位置']);
  for (const p of packages) table.push([p.name, p.version, p.type, p.locations[0]?.path ?? '']);
  return table.toString();
}

function grouped<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k) ?? [];
    list.push(item);
    groups.set(k, list);
  }
  // OS first, then files in path order.
  return new Map([...groups].sort(([a], [b]) => (a === 'os' ? -1 : b === 'os' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
}

export function renderTable(report: ScanReport): string {
  const t = report.target;
  const lines = [`Target / 扫描目标: ${t.name} (${t.kind})`];
  const os = describeOs(report);
  if (os) lines.push(`OS / 操作系统: ${os}`);
  lines.push(`Packages / 软件包: ${report.packages.length}`);

  if (!report.database) {
    lines.push('No vulnerability database: packages only / 未使用漏洞库，仅列出软件包', '');
    for (const [key, packages] of grouped(report.packages, (p) => sectionOf(p, p.locations))) {
      lines.push(sectionTitle(key, report), packagesTable(packages), '');
    }
    return lines.join('\n');
  }

  lines.push(summaryLine('Vulnerabilities / 漏洞', report.findings), '');
  if (report.findings.length === 0) {
    lines.push('No vulnerabilities found / 未发现漏洞', '');
    return lines.join('\n');
  }
  for (const [key, findings] of grouped(report.findings, (f) => sectionOf(f.package, f.locations))) {
    lines.push(sectionTitle(key, report), summaryLine('Total / 合计', findings), findingsTable(findings), '');
  }
  return lines.join('\n');
}
