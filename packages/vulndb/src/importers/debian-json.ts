/**
 * The Debian security tracker's JSON export (security-tracker.debian.org/tracker/data/json):
 * `{ srcpkg: { CVE-id: { description, releases: { codename: { status, fixed_version, urgency,
 * nodsa, nodsa_reason } } } } }`. One advisory per issue id, with a row per package and release.
 */
import type { Advisory, AffectedPackage } from '../advisory.ts';
import { debianAdvisory, debianEcosystem } from './debian-releases.ts';
import { type AdvisoryFormat, type ParseContext, isRecord, perFile, str } from './format.ts';

/** Sniff the first package's first issue: the export has no header to recognise it by. */
function isTrackerExport(doc: unknown): doc is Record<string, unknown> {
  if (!isRecord(doc)) return false;
  const firstPackage = Object.values(doc)[0];
  if (!isRecord(firstPackage)) return false;
  const firstIssue = Object.values(firstPackage)[0];
  return isRecord(firstIssue) && isRecord(firstIssue.releases);
}

export const debianJsonFormat: AdvisoryFormat = {
  source: 'debian',
  accepts: (_path, file) => file.kind === 'json' && isTrackerExport(file.doc),
  create: perFile((file, ctx) => (file.kind === 'json' ? trackerAdvisories(file.doc as Record<string, unknown>, ctx) : [])),
};

function trackerAdvisories(doc: Record<string, unknown>, ctx: ParseContext): Advisory[] {
  const advisories = new Map<string, Advisory>();
  const unknownReleases = new Set<string>();
  for (const [name, issues] of Object.entries(doc)) {
    if (!isRecord(issues)) {
      ctx.error(`${name}: not an object of issues`);
      continue;
    }
    for (const [id, issue] of Object.entries(issues)) {
      if (!isRecord(issue) || !isRecord(issue.releases)) {
        ctx.error(`${name} ${id}: issue without releases`);
        continue;
      }
      let advisory = advisories.get(id);
      if (!advisory) {
        advisory = debianAdvisory(id);
        const description = str(issue.description);
        if (description) advisory.summary = description;
        advisories.set(id, advisory);
      }
      for (const [codename, release] of Object.entries(issue.releases)) {
        const ecosystem = debianEcosystem(codename);
        if (!ecosystem) {
          if (!unknownReleases.has(codename)) ctx.error(`unknown Debian release "${codename}"`);
          unknownReleases.add(codename);
          continue;
        }
        const row = releaseRow(ecosystem, name, release, ctx, `${name} ${id} ${codename}`);
        if (row) advisory.affected.push(row);
      }
    }
  }
  return [...advisories.values()].filter((a) => a.affected.length > 0);
}

function releaseRow(ecosystem: string, name: string, release: unknown, ctx: ParseContext, at: string): AffectedPackage | undefined {
  if (!isRecord(release)) {
    ctx.error(`${at}: release entry is not an object`);
    return undefined;
  }
  const row: AffectedPackage = { ecosystem, name, status: 'affected', ranges: [], versions: [] };
  const urgency = str(release.urgency);
  if (urgency && urgency !== 'not yet assigned') row.severity = urgency;
  const status = str(release.status);
  if (status === 'resolved') {
    const fixed = str(release.fixed_version);
    if (!fixed) {
      ctx.error(`${at}: resolved without fixed_version`);
      return undefined;
    }
    // fixed_version "0": the vulnerable code was never in this release.
    if (fixed === '0') row.status = 'not-affected';
    else row.ranges.push({ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] });
  } else if (status === 'open' || status === 'undetermined') {
    // no-dsa (with or without an ignored/postponed reason) and end-of-life: Debian will not ship a fix.
    const declined =
      release.nodsa !== undefined ||
      ['ignored', 'postponed', 'end-of-life'].includes(str(release.nodsa_reason) ?? '') ||
      urgency === 'end-of-life';
    row.status = declined ? 'wont-fix' : 'unfixed';
  } else {
    ctx.error(`${at}: unknown status "${String(release.status)}"`);
    return undefined;
  }
  return row;
}
