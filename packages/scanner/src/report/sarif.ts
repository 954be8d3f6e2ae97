/**
 * SARIF 2.1.0 for code-scanning dashboards: one rule per vulnerability id (help text and the
 * `security-severity` GitHub sorts by), one result per finding, located at every file the
 * package was found in.
 */
import type { Finding } from '@vigil/schema';
import { decidingScore } from '../match/severity.ts';
import { shortHash } from './ids.ts';
import { isOsPackage } from './packages.ts';
import type { ScanReport } from './model.ts';
import { TOOL } from './tool.ts';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Finding['severity']['level'], SarifLevel> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  NEGLIGIBLE: 'note',
  UNKNOWN: 'note',
};

/** Without a CVSS score, a representative score inside the level's CVSS band. */
const LEVEL_SCORE: Record<Finding['severity']['level'], number> = {
  CRITICAL: 9.5,
  HIGH: 8,
  MEDIUM: 5.5,
  LOW: 2,
  NEGLIGIBLE: 0,
  UNKNOWN: 0,
};

function securitySeverity(f: Finding): string {
  const score = decidingScore(f.severity.cvss)?.score ?? LEVEL_SCORE[f.severity.level];
  return score.toFixed(1);
}

function primaryUrl(f: Finding): string | undefined {
  return f.references?.find((r) => /^https?:\/\//.test(r));
}

function ruleHelp(f: Finding): { text: string; markdown: string } {
  const url = primaryUrl(f);
  const rows: [string, string][] = [
    ['Vulnerability', f.id],
    ['Severity', f.severity.level],
  ];
  if (f.aliases.length > 0) rows.push(['Aliases', f.aliases.join(', ')]);
  if (f.title) rows.push(['Title', f.title]);
  if (url) rows.push(['Link', url]);
  const text = [...rows.map(([k, v]) => `${k}: ${v}`), '', f.description ?? ''].join('\n').trim();
  const table = ['| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${k === 'Link' ? `[${v}](${v})` : v.replace(/\|/g, '\\|')} |`)];
  const markdown = [...table, '', f.description ?? ''].join('\n').trim();
  return { text, markdown };
}

function resultMessage(f: Finding): string {
  return [
    `Package: ${f.package.name}`,
    `Installed Version: ${f.installedVersion}`,
    `Vulnerability: ${f.id}`,
    `Severity: ${f.severity.level}`,
    `Status: ${f.status}`,
    `Fixed Version: ${f.fixedVersions.join(', ') || 'none'}`,
  ].join('\n');
}

export function renderSarif(report: ScanReport): string {
  const rules: object[] = [];
  const ruleIndex = new Map<string, number>();
  for (const f of report.findings) {
    if (ruleIndex.has(f.id)) continue;
    ruleIndex.set(f.id, rules.length);
    const url = primaryUrl(f);
    rules.push({
      id: f.id,
      name: isOsPackage(f.package.type) ? 'OsPackageVulnerability' : 'LanguagePackageVulnerability',
      shortDescription: { text: f.title ?? f.id },
      fullDescription: { text: f.description ?? f.title ?? f.id },
      defaultConfiguration: { level: LEVEL[f.severity.level] },
      ...(url ? { helpUri: url } : {}),
      help: ruleHelp(f),
      properties: {
        'security-severity': securitySeverity(f),
        precision: 'very-high',
        tags: ['vulnerability', 'security', f.severity.level],
      },
    });
  }

  const results = report.findings.map((f) => {
    // An SBOM-only package has no file; the target itself is the closest location there is.
    const paths = f.locations.length > 0 ? f.locations : [{ path: report.target.name }];
    return {
      ruleId: f.id,
      ruleIndex: ruleIndex.get(f.id)!,
      level: LEVEL[f.severity.level],
      message: { text: resultMessage(f) },
      locations: paths.map((loc) => ({
        physicalLocation: {
          artifactLocation: { uri: encodeURI(loc.path) },
          region: { startLine: 1 },
        },
        message: { text: `${f.package.name}@${f.installedVersion}` },
        ...(loc.layer ? { properties: { layer: loc.layer } } : {}),
      })),
      partialFingerprints: {
        'vigil/finding/v1': shortHash(f.id, f.package.type, f.package.name, f.installedVersion, paths[0].path),
      },
    };
  });

  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL.name,
            organization: TOOL.vendor,
            version: TOOL.version,
            semanticVersion: TOOL.version,
            rules,
          },
        },
        results,
        columnKind: 'utf16CodeUnits',
        properties: {
          target: report.target.name,
          targetKind: report.target.kind,
          ...(report.target.imageId ? { imageId: report.target.imageId } : {}),
        },
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
