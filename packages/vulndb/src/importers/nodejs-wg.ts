/**
 * nodejs/security-wg advisories (vuln/npm/*.json): one npm module each, with npm semver ranges.
 * Node.js core and bundled-dependency entries (vuln/core, vuln/deps) describe the runtime, not an
 * npm package; they are counted as skipped.
 */
import type { Advisory, AffectedPackage } from '../advisory.ts';
import { cvssFromVector } from '../cvss.ts';
import { ConstraintError, intervalsToRanges, npmIntervals, semverComplement } from './constraints.ts';
import { type AdvisoryFormat, type ParseContext, isRecord, perFile, str, strings } from './format.ts';

function isNpmEntry(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && typeof doc.module_name === 'string';
}

/** vuln/core and vuln/deps entries: `cve` list plus `vulnerable` (core) or `reason` (deps). */
function isRuntimeEntry(doc: unknown): boolean {
  return isRecord(doc) && Array.isArray(doc.cve) && ('vulnerable' in doc || 'reason' in doc);
}

export const nodejsWgFormat: AdvisoryFormat = {
  source: 'nodejs-wg',
  accepts: (_path, file) => file.kind === 'json' && (isNpmEntry(file.doc) || isRuntimeEntry(file.doc)),
  create: perFile((file, ctx) => {
    if (file.kind !== 'json') return [];
    if (!isNpmEntry(file.doc)) {
      ctx.skip('Node.js core/dependency advisory (not an npm package)');
      return [];
    }
    const advisory = nodejsWgAdvisory(file.doc, ctx);
    return advisory ? [advisory] : [];
  }),
};

function nodejsWgAdvisory(doc: Record<string, unknown>, ctx: ParseContext): Advisory | undefined {
  const number = typeof doc.id === 'number' || typeof doc.id === 'string' ? String(doc.id) : undefined;
  const name = str(doc.module_name);
  if (!number || !name) {
    ctx.error('entry without id or module_name');
    return undefined;
  }
  // The working group's own identifier, as npm audit and Snyk cite it.
  const id = `NSWG-ECO-${number}`;
  const advisory: Advisory = {
    id,
    aliases: strings(doc.cves),
    source: 'nodejs-wg',
    cvss: [],
    references: strings(doc.references),
    affected: [],
  };
  const summary = str(doc.title);
  const details = [str(doc.overview), str(doc.recommendation)].filter(Boolean).join('\n\n');
  if (summary) advisory.summary = summary;
  if (details) advisory.details = details;
  const published = str(doc.publish_date);
  const modified = str(doc.updated_at);
  if (published) advisory.published = published;
  if (modified) advisory.modified = modified;
  const vector = str(doc.cvss_vector);
  if (vector) {
    const cvss = cvssFromVector(vector, 'nodejs-wg');
    if (cvss) advisory.cvss.push(cvss);
    else ctx.error(`${id}: invalid CVSS vector "${vector}"`);
  }

  const vulnerable = str(doc.vulnerable_versions);
  const patched = str(doc.patched_versions);
  if (!vulnerable && !patched) {
    ctx.error(`${id}: neither vulnerable_versions nor patched_versions`);
    return undefined;
  }
  try {
    // vulnerable_versions is authoritative; patched_versions only stands in when it is missing.
    const intervals = vulnerable ? npmIntervals(vulnerable) : semverComplement(npmIntervals(patched!));
    const { ranges, versions } = intervalsToRanges(intervals, 'SEMVER');
    const pkg: AffectedPackage = { ecosystem: 'npm', name, status: 'affected', ranges, versions };
    advisory.affected.push(pkg);
  } catch (err) {
    if (!(err instanceof ConstraintError)) throw err;
    ctx.error(`${id}: ${err.message}`);
    return undefined;
  }
  return advisory;
}
