/**
 * Folding the advisories that matched one package into one finding per vulnerability.
 * Several databases describe the same flaw under different ids (CVE, GHSA, PYSEC, DSA, …) that
 * point at each other through aliases; reporting each would multiply every real problem.
 */
import type { Finding, FindingStatus, Package } from '@vigil/schema';
import type { AffectedMatch, VersionComparator } from '@vigil/vulndb';
import { mergeCvss, severityOf } from './severity.ts';

/** One advisory that the range evaluation found to affect the package. */
export interface Candidate extends AffectedMatch {
  fixed: string[];
}

const CVE_ID = /^CVE-\d{4}-\d+$/i;

export function isCveId(id: string): boolean {
  return CVE_ID.test(id);
}

/** An advisory's id and aliases; CVE ids upper-cased, as some databases write them otherwise. */
function idsOf(c: Candidate): string[] {
  return [...new Set([c.advisory.id, ...c.advisory.aliases].map((id) => (isCveId(id) ? id.toUpperCase() : id)))];
}

/** Id preference for a group without a CVE: GHSA (cross-ecosystem) before database-local ids. */
function idPreference(id: string): number {
  if (isCveId(id)) return 0;
  if (id.startsWith('GHSA-')) return 1;
  return 2;
}

function byPreference(a: string, b: string): number {
  return idPreference(a) - idPreference(b) || (a < b ? -1 : a > b ? 1 : 0);
}

interface Group {
  /** The CVE every member names, when there is one. */
  cve?: string;
  members: Candidate[];
  /** Ids of advisories folded in without their own severity (multi-CVE advisories). */
  extraIds: string[];
}

/**
 * Union-find over advisory ids. Members naming at most one CVE are joined through any shared id;
 * a join that would put two different CVEs in one group is refused, so inconsistent alias data
 * can never hide a vulnerability.
 */
function groupCandidates(candidates: readonly Candidate[]): Group[] {
  const parent = new Map<string, string>();
  const cveOf = new Map<string, string | undefined>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const add = (id: string): void => {
    if (!parent.has(id)) {
      parent.set(id, id);
      cveOf.set(id, isCveId(id) ? id : undefined);
    }
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    const ca = cveOf.get(ra);
    const cb = cveOf.get(rb);
    if (ca && cb && ca !== cb) return;
    parent.set(rb, ra);
    cveOf.set(ra, ca ?? cb);
  };

  const single: Candidate[] = [];
  const multi: Candidate[] = [];
  for (const c of candidates) {
    (idsOf(c).filter(isCveId).length > 1 ? multi : single).push(c);
  }
  for (const c of single) {
    const ids = idsOf(c);
    ids.forEach(add);
    for (const id of ids.slice(1)) union(ids[0], id);
  }

  const groups = new Map<string, Group>();
  const groupOf = (root: string): Group => {
    let g = groups.get(root);
    if (!g) {
      g = { cve: cveOf.get(root), members: [], extraIds: [] };
      groups.set(root, g);
    }
    return g;
  };
  for (const c of single) groupOf(find(idsOf(c)[0])).members.push(c);

  // An advisory covering several CVEs (a DSA, a distro errata) is reported once per CVE: users
  // gate, suppress (VEX) and triage by CVE. Where a CVE has its own record, the advisory only
  // adds its id as an alias and its fixed versions — its advisory-wide severity is not spread
  // over CVEs that have their own; where it has none, the advisory stands for that CVE.
  for (const c of multi) {
    for (const cve of idsOf(c).filter(isCveId)) {
      const known = parent.has(cve);
      const g = known ? groupOf(find(cve)) : groupOf(`\u0000${cve}`);
      g.cve = cve;
      g.extraIds.push(c.advisory.id);
      g.members.push(
        known
          ? { ...c, advisory: { ...c.advisory, aliases: [], cvss: [], severity: undefined }, affected: { ...c.affected, severity: undefined } }
          : { ...c, advisory: { ...c.advisory, aliases: [] } },
      );
    }
  }
  return [...groups.values()];
}

function memberStatus(c: Candidate): FindingStatus {
  if (c.affected.status === 'wont-fix') return 'wont-fix';
  return c.fixed.length > 0 ? 'fixed' : 'unfixed';
}

const STATUS_STRENGTH: Record<FindingStatus, number> = { unfixed: 0, 'wont-fix': 1, fixed: 2 };

function earliest(values: (string | undefined)[]): string | undefined {
  return values.filter((v): v is string => !!v).sort()[0];
}

function latest(values: (string | undefined)[]): string | undefined {
  return values.filter((v): v is string => !!v).sort().at(-1);
}

function toFinding(pkg: Package, group: Group, cmp: VersionComparator): Finding {
  const allIds = new Set<string>();
  for (const m of group.members) for (const id of idsOf(m)) allIds.add(id);
  const sortedIds = [...allIds].sort(byPreference);
  const id = group.cve ?? sortedIds[0];
  // The advisory whose text and source represent the finding: the one published under the chosen
  // id when present (the CVE record itself), else the first by id preference.
  const members = [...group.members].sort(
    (a, b) =>
      Number(b.advisory.id === id) - Number(a.advisory.id === id) ||
      Number(group.extraIds.includes(a.advisory.id)) - Number(group.extraIds.includes(b.advisory.id)) ||
      byPreference(a.advisory.id, b.advisory.id) ||
      (a.advisory.source < b.advisory.source ? -1 : a.advisory.source > b.advisory.source ? 1 : 0),
  );
  const lead = members[0];

  let status: FindingStatus = 'unfixed';
  const fixed = new Set<string>();
  for (const m of members) {
    const s = memberStatus(m);
    if (STATUS_STRENGTH[s] > STATUS_STRENGTH[status]) status = s;
    if (s === 'fixed') for (const v of m.fixed) fixed.add(v);
  }
  const fixedVersions = [...fixed].sort((a, b) => (cmp.valid(a) && cmp.valid(b) ? cmp.compare(a, b) : a < b ? -1 : 1));

  // Package-specific vendor words (a distro's urgency for this release) outrank advisory-wide ones.
  const vendor =
    members.map((m) => m.affected.severity).find((s) => !!s) ?? members.map((m) => m.advisory.severity).find((s) => !!s);
  const severity = severityOf(mergeCvss(members.map((m) => m.advisory.cvss)), vendor);

  const references = [...new Set(members.flatMap((m) => m.advisory.references))];
  const finding: Finding = {
    id,
    aliases: sortedIds.filter((a) => a !== id),
    package: {
      name: pkg.name,
      version: pkg.version,
      type: pkg.type,
      ecosystem: pkg.ecosystem,
      ...(pkg.purl ? { purl: pkg.purl } : {}),
      ...(pkg.source ? { source: pkg.source } : {}),
    },
    installedVersion: pkg.version,
    fixedVersions,
    severity,
    status,
    locations: pkg.locations,
    dataSource: lead.advisory.source,
  };
  const title = members.map((m) => m.advisory.summary).find((s) => !!s);
  const description = members.map((m) => m.advisory.details).find((s) => !!s);
  const published = earliest(members.map((m) => m.advisory.published));
  const modified = latest(members.map((m) => m.advisory.modified));
  if (title) finding.title = title;
  if (description) finding.description = description;
  if (references.length > 0) finding.references = references;
  if (published) finding.published = published;
  if (modified) finding.modified = modified;
  return finding;
}

/** One finding per vulnerability among the candidates matched for `pkg`. */
export function findingsFor(pkg: Package, candidates: readonly Candidate[], cmp: VersionComparator): Finding[] {
  if (candidates.length === 0) return [];
  return groupCandidates(candidates).map((g) => toFinding(pkg, g, cmp));
}
