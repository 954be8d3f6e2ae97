/**
 * Trivy's fixture DB format (integration/testdata/fixtures/db/*.yaml): nested BoltDB buckets
 * written as YAML. Top-level buckets are data sources (`npm::GitHub Security Advisory Npm`,
 * `debian 9`, `alpine 3.10`, …) holding package buckets of `vuln id → affected info`, plus the
 * `vulnerability` bucket of per-id details. Records merge across files, so importing the whole
 * directory yields one advisory per id with every package it names.
 */
import type { Advisory, AffectedPackage, AffectedStatus } from '../advisory.ts';
import { cvssFromVector } from '../cvss.ts';
import {
  ConstraintError,
  type Interval,
  cargoIntervals,
  genericIntervals,
  intervalsToRanges,
  npmIntervals,
  semverComplement,
} from './constraints.ts';
import { type AdvisoryFormat, type FormatImporter, type ParseContext, type ParsedFile, isRecord, str, strings } from './format.ts';

/** Language sources: the prefix before `::` → OSV ecosystem. */
const LANGUAGE_ECOSYSTEMS: Readonly<Record<string, string>> = {
  npm: 'npm',
  pip: 'PyPI',
  rubygems: 'RubyGems',
  cargo: 'crates.io',
  composer: 'Packagist',
  nuget: 'NuGet',
  go: 'Go',
  maven: 'Maven',
  pub: 'Pub',
  erlang: 'Hex',
  swift: 'SwiftURL',
  cocoapods: 'CocoaPods',
  conan: 'ConanCenter',
  k8s: 'Kubernetes',
};

/** OS sources whose releases have an OSV ecosystem key. */
const OS_ECOSYSTEMS: ReadonlyArray<[RegExp, (release: string) => string]> = [
  [/^debian (\d+)$/, (r) => `Debian:${r}`],
  [/^ubuntu (\d+\.\d+)$/, (r) => `Ubuntu:${r}`],
  [/^alpine (\d+\.\d+|edge)$/, (r) => `Alpine:${r === 'edge' ? r : `v${r}`}`],
  [/^alma (\d+)$/, (r) => `AlmaLinux:${r}`],
  [/^rocky (\d+)$/, (r) => `Rocky Linux:${r}`],
  [/^Photon OS (\S+)$/, (r) => `Photon OS:${r}`],
  [/^CBL-Mariner (\S+)$/, (r) => `Mariner:${r}`],
  [/^openSUSE (Leap \S+|Tumbleweed)$/, (r) => `openSUSE:${r}`],
];

/** Trivy's numeric severities and statuses (pkg/types in trivy-db). */
const SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const STATUS: Readonly<Record<string, AffectedStatus>> = {
  '1': 'not-affected',
  '5': 'wont-fix', // will_not_fix
  '6': 'wont-fix', // fix_deferred
  '7': 'wont-fix', // end_of_life
};
const DECLINED_STATES = new Set(['postponed', 'ignored', 'end-of-life', 'no-dsa', "won't fix", 'will not fix']);

/** Buckets with facts but no advisories of their own. */
const METADATA_BUCKETS = new Set(['data-source']);

function isBucketList(doc: unknown): doc is Array<Record<string, unknown>> {
  return Array.isArray(doc) && doc.length > 0 && doc.every((b) => isRecord(b) && typeof b.bucket === 'string' && 'pairs' in b);
}

export const trivyFormat: AdvisoryFormat = {
  source: 'trivy',
  accepts: (_path, file) => file.kind === 'yaml' && isBucketList(file.doc),
  create: () => new TrivyImporter(),
};

function pairsOf(bucket: Record<string, unknown>): unknown[] {
  return Array.isArray(bucket.pairs) ? bucket.pairs : [];
}

function ecosystemOf(bucket: string): { ecosystem: string; language: boolean } | undefined {
  const sep = bucket.indexOf('::');
  if (sep >= 0) {
    const ecosystem = LANGUAGE_ECOSYSTEMS[bucket.slice(0, sep)];
    return ecosystem ? { ecosystem, language: true } : undefined;
  }
  for (const [re, key] of OS_ECOSYSTEMS) {
    const m = re.exec(bucket);
    if (m) return { ecosystem: key(m[1]), language: false };
  }
  return undefined;
}

class TrivyImporter implements FormatImporter {
  private readonly affected = new Map<string, { aliases: Set<string>; rows: AffectedPackage[] }>();
  private readonly details = new Map<string, Record<string, unknown>>();

  add(file: ParsedFile, ctx: ParseContext): Advisory[] {
    if (file.kind !== 'yaml') return [];
    for (const bucket of file.doc as Array<Record<string, unknown>>) {
      const name = bucket.bucket as string;
      if (name === 'vulnerability') {
        for (const pair of pairsOf(bucket)) {
          const id = isRecord(pair) ? str(pair.key) : undefined;
          if (id && isRecord(pair) && isRecord(pair.value)) this.details.set(id, pair.value);
          else ctx.error('vulnerability bucket: entry without key or value');
        }
        continue;
      }
      if (METADATA_BUCKETS.has(name)) continue;
      const target = ecosystemOf(name);
      if (!target) {
        ctx.skip(`bucket with no OSV ecosystem (${name})`);
        continue;
      }
      for (const pkgBucket of pairsOf(bucket)) {
        const pkgName = isRecord(pkgBucket) ? str(pkgBucket.bucket) : undefined;
        if (!pkgName || !isRecord(pkgBucket)) {
          ctx.error(`${name}: package bucket without a name`);
          continue;
        }
        for (const pair of pairsOf(pkgBucket)) {
          const id = isRecord(pair) ? str(pair.key) : undefined;
          if (!id || !isRecord(pair)) {
            ctx.error(`${name}/${pkgName}: entry without a key`);
            continue;
          }
          const value = isRecord(pair.value) ? pair.value : {};
          const at = `${name}/${pkgName}/${id}`;
          const row = target.language
            ? languageRow(target.ecosystem, pkgName, value, ctx, at)
            : osRow(target.ecosystem, pkgName, value, ctx, at);
          if (!row) continue;
          let entry = this.affected.get(id);
          if (!entry) {
            entry = { aliases: new Set(), rows: [] };
            this.affected.set(id, entry);
          }
          entry.rows.push(row);
          for (const vendorId of [...strings(value.VendorIDs), ...strings(value.VendorIds)]) entry.aliases.add(vendorId);
        }
      }
    }
    return [];
  }

  finish(ctx: ParseContext): Advisory[] {
    const advisories: Advisory[] = [];
    for (const [id, entry] of this.affected) {
      const advisory: Advisory = { id, aliases: [...entry.aliases], source: 'trivy', cvss: [], references: [], affected: entry.rows };
      const detail = this.details.get(id);
      if (detail) applyDetail(advisory, detail, ctx);
      advisories.push(advisory);
    }
    const orphans = [...this.details.keys()].filter((id) => !this.affected.has(id)).length;
    for (let i = 0; i < orphans; i++) ctx.skip('vulnerability detail without affected packages');
    this.affected.clear();
    this.details.clear();
    return advisories;
  }
}

function languageRow(
  ecosystem: string,
  name: string,
  value: Record<string, unknown>,
  ctx: ParseContext,
  at: string,
): AffectedPackage | undefined {
  const semverDialect = ecosystem === 'npm' ? npmIntervals : ecosystem === 'crates.io' ? cargoIntervals : undefined;
  // Versions stay as published (Go's `v2.8.0` too): the comparators accept them, and users
  // copy the fixed version into their manifests.
  const parse = semverDialect ?? genericIntervals;
  const vulnerable = strings(value.VulnerableVersions);
  const safe = [...strings(value.PatchedVersions), ...strings(value.UnaffectedVersions)];
  try {
    let intervals: Interval[];
    if (vulnerable.length > 0) intervals = vulnerable.flatMap(parse);
    else if (safe.length > 0 && semverDialect) intervals = semverComplement(safe.flatMap(semverDialect));
    else {
      ctx.error(`${at}: no VulnerableVersions${safe.length > 0 ? ` (PatchedVersions alone need a semver ecosystem)` : ''}`);
      return undefined;
    }
    const { ranges, versions } = intervalsToRanges(intervals, semverDialect ? 'SEMVER' : 'ECOSYSTEM');
    return { ecosystem, name, status: 'affected', ranges, versions };
  } catch (err) {
    if (!(err instanceof ConstraintError)) throw err;
    ctx.error(`${at}: ${err.message}`);
    return undefined;
  }
}

function osRow(ecosystem: string, name: string, value: Record<string, unknown>, ctx: ParseContext, at: string): AffectedPackage {
  const row: AffectedPackage = { ecosystem, name, status: 'affected', ranges: [], versions: [] };
  const entries = Array.isArray(value.Entries) ? value.Entries.filter(isRecord) : [];
  const fixed = str(value.FixedVersion) ?? entries.map((e) => str(e.FixedVersion)).find(Boolean);
  if (fixed) {
    row.ranges.push({ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] });
  } else {
    const state = str(value.State)?.toLowerCase();
    row.status = STATUS[str(value.Status) ?? ''] ?? (state && DECLINED_STATES.has(state) ? 'wont-fix' : 'unfixed');
  }
  const severity = str(value.Severity);
  if (severity) {
    const word = SEVERITIES[Math.trunc(Number(severity))];
    if (word) row.severity = word;
    else ctx.error(`${at}: unknown severity "${severity}"`);
  }
  return row;
}

function applyDetail(advisory: Advisory, detail: Record<string, unknown>, ctx: ParseContext): void {
  const title = str(detail.Title);
  const description = str(detail.Description);
  const severity = str(detail.Severity);
  const published = str(detail.PublishedDate);
  const modified = str(detail.LastModifiedDate);
  if (title) advisory.summary = title;
  if (description) advisory.details = description;
  if (severity) advisory.severity = severity;
  if (published) advisory.published = published;
  if (modified) advisory.modified = modified;
  advisory.references.push(...strings(detail.References));
  if (isRecord(detail.CVSS)) {
    for (const [source, scores] of Object.entries(detail.CVSS)) {
      if (!isRecord(scores)) continue;
      for (const [vectorKey, scoreKey] of [['V2Vector', 'V2Score'], ['V3Vector', 'V3Score'], ['V40Vector', 'V40Score']]) {
        const vector = str(scores[vectorKey]);
        if (!vector) continue;
        const given = Number(str(scores[scoreKey]));
        const cvss = cvssFromVector(vector, source, Number.isFinite(given) ? given : undefined);
        if (cvss) advisory.cvss.push(cvss);
        else ctx.error(`${advisory.id}: invalid CVSS vector "${vector}" from ${source}`);
      }
    }
  }
}
