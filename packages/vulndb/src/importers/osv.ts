/**
 * OSV schema 1.x records (JSON or YAML), as published by osv.dev, GHSA, PyPA, the Go vulndb and
 * the distro exporters. GIT ranges are dropped: Vigil matches released package versions.
 */
import type { CvssScore } from '@vigil/schema';
import type { Advisory, AffectedPackage, AffectedRange, RangeEvent } from '../advisory.ts';
import { cvssFromVector } from '../cvss.ts';
import { type AdvisoryFormat, type ParseContext, fileStem, isRecord, perFile, str, strings } from './format.ts';

const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;
const CVSS_TYPES = new Set(['CVSS_V2', 'CVSS_V3', 'CVSS_V4']);

function isOsvRecord(doc: unknown): doc is Record<string, unknown> {
  if (!isRecord(doc) || 'module_name' in doc) return false;
  const id = doc.id;
  const idShaped = typeof id === 'string' || id === null || id === undefined;
  return idShaped && ('affected' in doc || 'modified' in doc || 'schema_version' in doc) && ('id' in doc || 'affected' in doc);
}

export const osvFormat: AdvisoryFormat = {
  source: 'osv',
  accepts: (_path, file) => file.kind !== 'text' && isOsvRecord(file.doc),
  create: perFile((file, ctx) => {
    if (file.kind === 'text') return [];
    const advisory = osvAdvisory(file.doc as Record<string, unknown>, ctx);
    return advisory ? [advisory] : [];
  }),
};

/** One OSV record; its source is `osv` whichever database published it (the id prefix says which). */
export function osvAdvisory(doc: Record<string, unknown>, ctx: ParseContext): Advisory | undefined {
  // osv.dev stores every record as <id>.json: an id left empty (allocated later) is the file's stem.
  const id = str(doc.id) ?? fileStem(ctx.file);
  if (!id) {
    ctx.error('OSV record without an id');
    return undefined;
  }
  const advisory: Advisory = {
    id,
    aliases: strings(doc.aliases).filter((a) => a !== id),
    source: 'osv',
    cvss: [],
    references: [],
    affected: [],
  };
  for (const key of ['summary', 'details', 'published', 'modified', 'withdrawn'] as const) {
    const value = str(doc[key]);
    if (value) advisory[key] = value;
  }
  readSeverity(doc.severity, advisory, ctx);
  if (!advisory.severity && isRecord(doc.database_specific)) {
    advisory.severity = str(doc.database_specific.severity);
  }
  if (Array.isArray(doc.references)) {
    for (const ref of doc.references) {
      const url = isRecord(ref) ? str(ref.url) : undefined;
      if (url) advisory.references.push(url);
    }
  }
  if (doc.affected !== undefined && doc.affected !== null && !Array.isArray(doc.affected)) {
    ctx.error(`${id}: "affected" is not a list`);
    return undefined;
  }
  for (const entry of (doc.affected as unknown[] | undefined) ?? []) {
    const pkg = affectedPackage(entry, id, ctx);
    if (pkg) advisory.affected.push(pkg);
  }
  return advisory;
}

function readSeverity(value: unknown, advisory: Advisory, ctx: ParseContext): void {
  if (!Array.isArray(value)) return;
  for (const entry of value) {
    if (!isRecord(entry)) continue;
    const type = str(entry.type);
    const score = str(entry.score);
    if (!type || !score) continue;
    if (CVSS_TYPES.has(type)) {
      const cvss: CvssScore | undefined = cvssFromVector(score);
      if (cvss) advisory.cvss.push(cvss);
      else ctx.error(`${advisory.id}: invalid ${type} vector "${score}"`);
    } else if (!advisory.severity) {
      advisory.severity = score; // e.g. type "Ubuntu": a priority word
    }
  }
}

function affectedPackage(entry: unknown, id: string, ctx: ParseContext): AffectedPackage | undefined {
  if (!isRecord(entry)) {
    ctx.error(`${id}: affected entry is not an object`);
    return undefined;
  }
  const pkg = isRecord(entry.package) ? entry.package : undefined;
  const ecosystem = str(pkg?.ecosystem);
  const name = str(pkg?.name);
  if (!ecosystem || !name) {
    ctx.skip('affected entry without a package (e.g. a GIT-only range)');
    return undefined;
  }
  const ranges: AffectedRange[] = [];
  for (const range of Array.isArray(entry.ranges) ? entry.ranges : []) {
    const parsed = affectedRange(range, id, ctx);
    if (parsed) ranges.push(parsed);
  }
  const versions = strings(entry.versions);
  if (ranges.length === 0 && versions.length === 0) {
    ctx.skip('affected entry with no ECOSYSTEM/SEMVER range and no versions');
    return undefined;
  }
  const result: AffectedPackage = { ecosystem, name, status: 'affected', ranges, versions };
  const severity = packageSeverity(entry.ecosystem_specific) ?? packageSeverity(entry.database_specific);
  if (severity) result.severity = severity;
  return result;
}

/** GHSA and distro exporters put a per-package severity (or Debian urgency) here. */
function packageSeverity(specific: unknown): string | undefined {
  if (!isRecord(specific)) return undefined;
  return str(specific.severity) ?? str(specific.urgency);
}

function affectedRange(range: unknown, id: string, ctx: ParseContext): AffectedRange | undefined {
  if (!isRecord(range)) {
    ctx.error(`${id}: range is not an object`);
    return undefined;
  }
  const type = str(range.type);
  if (type === 'GIT') return undefined;
  if (type !== 'ECOSYSTEM' && type !== 'SEMVER') {
    ctx.error(`${id}: unknown range type "${String(range.type)}"`);
    return undefined;
  }
  if (!Array.isArray(range.events) || range.events.length === 0) {
    ctx.error(`${id}: ${type} range without events`);
    return undefined;
  }
  const events: RangeEvent[] = [];
  for (const event of range.events) {
    const keys = isRecord(event) ? EVENT_KEYS.filter((k) => k in event) : [];
    const key = keys[0];
    const value = key && isRecord(event) ? str(event[key]) : undefined;
    if (keys.length !== 1 || !key || !value) {
      ctx.error(`${id}: invalid range event ${JSON.stringify(event)}`);
      return undefined;
    }
    events.push({ [key]: value } as RangeEvent);
  }
  return { type, events };
}
