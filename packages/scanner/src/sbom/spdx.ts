/**
 * SPDX 2.2 / 2.3 JSON. Packages are identified by their purl external reference; the OS is the
 * package whose purpose is OPERATING-SYSTEM. Source packages come from `sourceInfo`, locations
 * from Vigil's annotations or Trivy's attribution texts.
 */
import type { Location, OSInfo } from '@vigil/schema';
import { UserError } from '@vigil/schema';
import { SPDX_ANNOTATION } from '../report/spdx.ts';
import { parsePurl } from '../vex/purl-match.ts';
import { SbomCollector, type SbomContents } from './collector.ts';
import type { ComponentFacts } from './purl-package.ts';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function purlOf(p: Json): string | undefined {
  for (const ref of list(p.externalRefs)) {
    if (!isObject(ref) || ref.referenceType !== 'purl') continue;
    // SPDX 2.2 spelled the category PACKAGE_MANAGER, 2.3 PACKAGE-MANAGER.
    if (ref.referenceCategory !== 'PACKAGE-MANAGER' && ref.referenceCategory !== 'PACKAGE_MANAGER') continue;
    const locator = str(ref.referenceLocator);
    if (locator) return locator;
  }
  return undefined;
}

const NO_LICENSE = new Set(['NOASSERTION', 'NONE']);

/**
 * Declared (else concluded) license as the strings a cataloger would give: a plain conjunction
 * is split into its terms and LicenseRefs are given back the name they were extracted from.
 */
function licenses(p: Json, extracted: Map<string, string>): string[] {
  const expression = [str(p.licenseDeclared), str(p.licenseConcluded)].find((l) => l && !NO_LICENSE.has(l));
  if (!expression) return [];
  const terms = /[()]|\sOR\s|\sWITH\s/.test(expression) ? [expression] : expression.split(/\s+AND\s+/);
  return terms.map((t) => extracted.get(t) ?? t);
}

function facts(p: Json, extracted: Map<string, string>): ComponentFacts {
  const notes = [
    ...list(p.annotations).map((a) => (isObject(a) ? str(a.comment) : undefined)),
    ...list(p.attributionTexts).map(str),
  ].filter((n): n is string => !!n);
  const valueOf = (prefix: string) => notes.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length).trim());
  const layer = valueOf(SPDX_ANNOTATION.layer)[0] ?? valueOf('LayerDiffID:')[0];
  const paths = valueOf(SPDX_ANNOTATION.location);
  const locations: Location[] = (paths.length > 0 ? paths : valueOf('FilePath:')).map((path) =>
    layer ? { path, layer } : { path },
  );
  const built = /^built package from:\s*(\S+)(?:\s+(\S+))?\s*$/.exec(str(p.sourceInfo) ?? '');
  const source = built ? { name: built[1], ...(built[2] ? { version: built[2] } : {}) } : undefined;
  return { licenses: licenses(p, extracted), locations, ...(source ? { source } : {}) };
}

function isOperatingSystem(p: Json): boolean {
  return p.primaryPackagePurpose === 'OPERATING-SYSTEM' || (str(p.SPDXID) ?? '').startsWith('SPDXRef-OperatingSystem');
}

export function readSpdx(doc: Json, origin: string): SbomContents {
  if (doc.packages !== undefined && !Array.isArray(doc.packages)) {
    throw new UserError(`${origin}: "packages" must be a list`, 'BAD_SBOM');
  }
  const packages = list(doc.packages).filter(isObject);
  const osPackage = packages.find((p) => isOperatingSystem(p) && str(p.name));
  const os: OSInfo | undefined = osPackage
    ? { id: str(osPackage.name)!.toLowerCase(), ...(str(osPackage.versionInfo) ? { versionId: str(osPackage.versionInfo) } : {}) }
    : undefined;

  const extracted = new Map<string, string>();
  for (const info of list(doc.hasExtractedLicensingInfos)) {
    if (!isObject(info)) continue;
    const id = str(info.licenseId);
    const text = str(info.name) ?? str(info.extractedText);
    if (id && text) extracted.set(id, text);
  }
  // Packages that contain others (the image, Trivy's per-lockfile applications) or that the
  // document describes are groupings, not packages whose missing purl is worth a warning.
  const groupings = new Set<string>();
  for (const r of list(doc.relationships)) {
    if (!isObject(r)) continue;
    if (r.relationshipType === 'CONTAINS' && str(r.spdxElementId)) groupings.add(str(r.spdxElementId)!);
    if (r.relationshipType === 'DESCRIBES' && str(r.relatedSpdxElement)) groupings.add(str(r.relatedSpdxElement)!);
  }
  for (const id of list(doc.documentDescribes)) if (typeof id === 'string') groupings.add(id);

  const collector = new SbomCollector(os);
  for (const p of packages) {
    if (p === osPackage || isOperatingSystem(p)) continue;
    const purlText = purlOf(p);
    if (!purlText) {
      if (!groupings.has(str(p.SPDXID) ?? '')) collector.withoutPurl();
      continue;
    }
    const purl = parsePurl(purlText);
    if (!purl) collector.badPurl(purlText);
    else collector.add(purl, purlText, facts(p, extracted));
  }
  return collector.contents(str(doc.name) ?? origin);
}
