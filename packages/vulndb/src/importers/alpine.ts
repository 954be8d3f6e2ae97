/**
 * Alpine secdb (YAML or JSON, one file per release and repository): package → fixed version →
 * advisory ids. `0` lists issues that never affected the package. Records are merged across
 * files so one advisory carries every release and package it names.
 */
import type { Advisory, AffectedPackage } from '../advisory.ts';
import { type AdvisoryFormat, type FormatImporter, type ParseContext, type ParsedFile, isRecord, str } from './format.ts';

const CVE = /^CVE-\d{4}-\d{4,}/;
const ADVISORY_ID = /^[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9][A-Za-z0-9._:-]*$/;

function isSecdb(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && typeof doc.distroversion === 'string' && 'packages' in doc;
}

export const alpineFormat: AdvisoryFormat = {
  source: 'alpine',
  accepts: (_path, file) => file.kind !== 'text' && isSecdb(file.doc),
  create: () => new AlpineImporter(),
};

/** `v3.19` / `3.19` → `Alpine:v3.19`; `edge` stays as is. */
function alpineEcosystem(distroversion: string): string {
  const v = distroversion.trim();
  return `Alpine:${/^\d/.test(v) ? `v${v}` : v}`;
}

/**
 * One secfixes line holds an id and sometimes its aliases (`CVE-2017-8904 XSA-214`). Placeholders
 * like `CVE-????-?????` are not ids; a CVE with a suffix (`CVE-2017-17434-1`) is that CVE, and
 * one written `CVE_2019-2426` or `CVE 2018-16859` is read as the CVE it names.
 */
function idsOf(line: string): string[] {
  const ids: string[] = [];
  for (const token of line.replace(/\bCVE[\s_]+(?=\d{4}-\d)/gi, 'CVE-').split(/\s+/)) {
    const cve = CVE.exec(token)?.[0];
    const id = cve ?? (ADVISORY_ID.test(token) ? token : undefined);
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

class AlpineImporter implements FormatImporter {
  private readonly advisories = new Map<string, Advisory>();

  add(file: ParsedFile, ctx: ParseContext): Advisory[] {
    if (file.kind === 'text') return [];
    const doc = file.doc as Record<string, unknown>;
    const ecosystem = alpineEcosystem(doc.distroversion as string);
    const packages = doc.packages;
    if (packages === '' || packages === null) return []; // an empty repository
    if (!Array.isArray(packages)) {
      ctx.error('"packages" is not a list');
      return [];
    }
    for (const entry of packages) {
      const pkg = isRecord(entry) && isRecord(entry.pkg) ? entry.pkg : undefined;
      const name = str(pkg?.name);
      if (!pkg || !name) {
        ctx.error(`package entry without a name: ${JSON.stringify(entry).slice(0, 80)}`);
        continue;
      }
      if (pkg.secfixes === undefined || pkg.secfixes === '' || pkg.secfixes === null) continue;
      if (!isRecord(pkg.secfixes)) {
        ctx.error(`${name}: secfixes is not a map`);
        continue;
      }
      for (const [version, lines] of Object.entries(pkg.secfixes)) {
        const list = Array.isArray(lines) ? lines : typeof lines === 'string' && lines !== '' ? [lines] : [];
        for (const line of list) {
          const ids = typeof line === 'string' ? idsOf(line) : [];
          if (ids.length === 0) {
            ctx.error(`${name} ${version}: no advisory id in ${JSON.stringify(line)}`);
            continue;
          }
          this.record(ids, ecosystem, name, version.trim());
        }
      }
    }
    return [];
  }

  private record(ids: string[], ecosystem: string, name: string, version: string): void {
    const [id, ...aliases] = ids;
    let advisory = this.advisories.get(id);
    if (!advisory) {
      advisory = { id, aliases: [], source: 'alpine', cvss: [], references: [], affected: [] };
      this.advisories.set(id, advisory);
    }
    for (const alias of aliases) if (!advisory.aliases.includes(alias)) advisory.aliases.push(alias);
    const notAffected = version === '0';
    let row: AffectedPackage | undefined = advisory.affected.find((a) => a.ecosystem === ecosystem && a.name === name);
    if (!row) {
      row = { ecosystem, name, status: notAffected ? 'not-affected' : 'affected', ranges: [], versions: [] };
      advisory.affected.push(row);
    } else if (!notAffected) {
      row.status = 'affected'; // listed as fixed too: the fix is what matters
    }
    if (!notAffected) row.ranges.push({ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: version }] });
  }

  finish(): Advisory[] {
    const all = [...this.advisories.values()];
    this.advisories.clear();
    return all;
  }
}
