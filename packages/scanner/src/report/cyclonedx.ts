/**
 * CycloneDX 1.5 JSON: the target as metadata.component, the OS as an operating-system
 * component, every package as a library component (purl, licenses, where it was found), the
 * containment as dependencies, and the findings as vulnerabilities whose `affects` point at
 * the components.
 */
import type { CvssScore, Finding, Package, SeverityLevel } from '@vigil/schema';
import { levelFromScore, levelFromVendor } from '../match/severity.ts';
import { reportUuid } from './ids.ts';
import { classifyLicense } from './license.ts';
import { isOsPackage, packageKey, packagePurl } from './packages.ts';
import type { ScanReport, ScanTarget } from './model.ts';
import { parsePurl } from '../vex/purl-match.ts';
import { TOOL } from './tool.ts';

/** Property names Vigil writes (and reads back from SBOMs it made). */
export const CDX_PROPERTY = {
  type: 'vigil:package:type',
  ecosystem: 'vigil:package:ecosystem',
  location: 'vigil:location:path',
  layer: 'vigil:location:layer',
  sourceName: 'vigil:source:name',
  sourceVersion: 'vigil:source:version',
  dev: 'vigil:package:dev',
  indirect: 'vigil:package:indirect',
} as const;

type Json = Record<string, unknown>;
type Property = { name: string; value: string };

const CDX_SEVERITY: Record<SeverityLevel, string> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  NEGLIGIBLE: 'info',
  UNKNOWN: 'unknown',
};

const CVSS_METHOD: Record<string, string> = { '2.0': 'CVSSv2', '3.0': 'CVSSv3', '3.1': 'CVSSv31', '4.0': 'CVSSv4' };

/** An RFC 3339 timestamp, or undefined for dates the format would reject. */
export function isoTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function licenses(pkg: Package): Json[] | undefined {
  const terms = (pkg.licenses ?? []).filter((l) => l.trim()).map(classifyLicense);
  if (terms.length === 0) return undefined;
  // The schema allows either license objects or exactly one expression, never a mix.
  if (terms.length === 1 && terms[0].kind === 'expression') return [{ expression: terms[0].expression }];
  return terms.map((t) =>
    t.kind === 'id' ? { license: { id: t.id } } : { license: { name: t.kind === 'name' ? t.name : t.expression } },
  );
}

function packageProperties(pkg: Package): Property[] {
  const props: Property[] = [{ name: CDX_PROPERTY.type, value: pkg.type }];
  if (pkg.ecosystem) props.push({ name: CDX_PROPERTY.ecosystem, value: pkg.ecosystem });
  if (pkg.source) {
    props.push({ name: CDX_PROPERTY.sourceName, value: pkg.source.name });
    if (pkg.source.version) props.push({ name: CDX_PROPERTY.sourceVersion, value: pkg.source.version });
  }
  if (pkg.dev) props.push({ name: CDX_PROPERTY.dev, value: 'true' });
  if (pkg.indirect) props.push({ name: CDX_PROPERTY.indirect, value: 'true' });
  for (const loc of pkg.locations) props.push({ name: CDX_PROPERTY.location, value: loc.path });
  for (const layer of new Set(pkg.locations.map((l) => l.layer).filter((l): l is string => !!l))) {
    props.push({ name: CDX_PROPERTY.layer, value: layer });
  }
  return props;
}

/** CycloneDX `group`: Maven groupId, npm scope, Composer vendor; Go module paths stay whole. */
function groupAndName(pkg: Package, purl: string): { group?: string; name: string } {
  const parsed = parsePurl(purl);
  if (parsed?.namespace && ['maven', 'npm', 'composer'].includes(parsed.type)) {
    return { group: parsed.namespace, name: parsed.name };
  }
  return { name: pkg.name };
}

function component(pkg: Package, ref: string): Json {
  const purl = packagePurl(pkg);
  const licenseList = licenses(pkg);
  return {
    'bom-ref': ref,
    type: 'library',
    ...groupAndName(pkg, purl),
    ...(pkg.version ? { version: pkg.version } : {}),
    ...(licenseList ? { licenses: licenseList } : {}),
    purl,
    properties: packageProperties(pkg),
  };
}

function targetComponent(target: ScanTarget): Json {
  const props: Property[] = [{ name: 'vigil:target:kind', value: target.kind }];
  if (target.imageId) props.push({ name: 'vigil:image:id', value: target.imageId });
  for (const tag of target.repoTags ?? []) props.push({ name: 'vigil:image:repoTag', value: tag });
  for (const digest of target.repoDigests ?? []) props.push({ name: 'vigil:image:repoDigest', value: digest });
  if (target.architecture) props.push({ name: 'vigil:image:architecture', value: target.architecture });
  for (const layer of target.layers ?? []) props.push({ name: 'vigil:image:layer', value: layer.digest });
  return {
    'bom-ref': 'target',
    type: target.kind === 'image' ? 'container' : 'application',
    name: target.name,
    properties: props,
  };
}

function cvssRating(c: CvssScore, fallbackSource: string): Json {
  const rating: Json = { source: { name: c.source ?? fallbackSource } };
  if (c.score !== undefined) {
    rating.score = c.score;
    rating.severity = c.score === 0 ? 'none' : CDX_SEVERITY[levelFromScore(c.score)];
  }
  rating.method = CVSS_METHOD[c.version] ?? 'other';
  rating.vector = c.vector;
  return rating;
}

function ratings(f: Finding): Json[] {
  const list = f.severity.cvss.map((c) => cvssRating(c, f.dataSource));
  const vendorLevel = levelFromVendor(f.severity.vendor);
  if (vendorLevel) {
    list.push({ source: { name: f.dataSource }, severity: CDX_SEVERITY[vendorLevel], method: 'other', justification: f.severity.vendor });
  }
  if (list.length === 0) list.push({ severity: CDX_SEVERITY[f.severity.level], method: 'other' });
  return list;
}

/** Database name from an id's prefix (`GHSA-…` → GHSA), for alias references. */
function idSource(id: string): string {
  return /^([A-Za-z]+)-/.exec(id)?.[1] ?? id;
}

function vulnerability(findings: Finding[], refs: (f: Finding) => string): Json {
  const f = findings[0];
  const url = f.references?.find((r) => /^https?:\/\//.test(r));
  const fixes = findings
    .filter((x) => x.fixedVersions.length > 0)
    .map((x) => `${x.package.name} ${x.fixedVersions.join(', ')}`);
  const v: Json = {
    'bom-ref': `vulnerability:${f.id}`,
    id: f.id,
    source: { name: f.dataSource, ...(url ? { url } : {}) },
  };
  if (f.aliases.length > 0) v.references = f.aliases.map((id) => ({ id, source: { name: idSource(id) } }));
  v.ratings = ratings(f);
  if (f.title) v.description = f.title;
  if (f.description) v.detail = f.description;
  if (fixes.length > 0) v.recommendation = `Upgrade ${[...new Set(fixes)].join('; ')}`;
  const advisories = (f.references ?? []).filter((r) => /^https?:\/\//.test(r)).map((url) => ({ url }));
  if (advisories.length > 0) v.advisories = advisories;
  const published = isoTime(f.published);
  const updated = isoTime(f.modified);
  if (published) v.published = published;
  if (updated) v.updated = updated;
  const affects = new Map<string, Json>();
  for (const x of findings) {
    const ref = refs(x);
    if (!affects.has(ref)) affects.set(ref, { ref, versions: [{ version: x.installedVersion, status: 'affected' }] });
  }
  v.affects = [...affects.values()];
  return v;
}

export function renderCycloneDx(report: ScanReport): string {
  const components: Json[] = [];
  const refOf = new Map<string, string>();
  const usedRefs = new Set<string>(['target']);
  const osRefs: string[] = [];
  const appRefs: string[] = [];

  const os = report.target.os;
  const osRef = os ? `os:${os.id}${os.versionId ? `@${os.versionId}` : ''}` : undefined;
  if (os && osRef) {
    usedRefs.add(osRef);
    components.push({
      'bom-ref': osRef,
      type: 'operating-system',
      name: os.id,
      ...(os.versionId ? { version: os.versionId } : {}),
      ...(os.prettyName ? { description: os.prettyName } : {}),
    });
  }

  const addPackage = (pkg: Package): string => {
    const key = packageKey(pkg);
    const known = refOf.get(key);
    if (known) return known;
    // The purl is the natural bom-ref; identical purls (one package in two places) get a suffix.
    const base = packagePurl(pkg);
    let ref = base;
    for (let n = 2; usedRefs.has(ref); n++) ref = `${base}#${n}`;
    usedRefs.add(ref);
    refOf.set(key, ref);
    components.push(component(pkg, ref));
    (isOsPackage(pkg.type) && osRef ? osRefs : appRefs).push(ref);
    return ref;
  };
  for (const pkg of report.packages) addPackage(pkg);
  // A finding whose package the report does not list still needs a component to point at.
  const findingRef = (f: Finding): string =>
    refOf.get(packageKey(f.package)) ?? addPackage({ ...f.package, locations: f.locations });

  const byId = new Map<string, Finding[]>();
  for (const f of report.findings) {
    findingRef(f);
    const list = byId.get(f.id) ?? [];
    list.push(f);
    byId.set(f.id, list);
  }

  const dependencies: Json[] = [{ ref: 'target', dependsOn: [...(osRef ? [osRef] : []), ...appRefs] }];
  if (osRef) dependencies.push({ ref: osRef, dependsOn: osRefs });

  const bom: Json = {
    $schema: 'http://cyclonedx.org/schema/bom-1.5.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${reportUuid(report)}`,
    version: 1,
    metadata: {
      timestamp: isoTime(report.createdAt) ?? report.createdAt,
      tools: { components: [{ type: 'application', author: TOOL.vendor, name: TOOL.name, version: TOOL.version }] },
      component: targetComponent(report.target),
    },
    components,
    dependencies,
  };
  if (report.findings.length > 0) bom.vulnerabilities = [...byId.values()].map((fs) => vulnerability(fs, findingRef));
  return JSON.stringify(bom, null, 2);
}
