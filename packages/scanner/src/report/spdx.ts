/**
 * SPDX 2.3 JSON, written by hand: the document DESCRIBES the target, which CONTAINS the
 * operating system (which CONTAINS its packages) and the language packages. Packages carry
 * their purl as a PACKAGE-MANAGER reference, advisories for their findings as SECURITY
 * references, and where they were found as annotations.
 */
import type { Finding, Package } from '@vigil/schema';
import { reportUuid, shortHash } from './ids.ts';
import { classifyLicense } from './license.ts';
import { isOsPackage, packageKey, packagePurl } from './packages.ts';
import type { ScanReport, TargetKind } from './model.ts';
import { TOOL } from './tool.ts';

type Json = Record<string, unknown>;

/** Annotation comment prefixes Vigil writes (and reads back from SBOMs it made). */
export const SPDX_ANNOTATION = {
  location: 'vigil:location:path=',
  layer: 'vigil:location:layer=',
} as const;

const PURPOSE: Record<TargetKind, string> = { image: 'CONTAINER', rootfs: 'OTHER', fs: 'SOURCE', sbom: 'OTHER' };

/** SPDX element ids must match `SPDXRef-[A-Za-z0-9.-]+`. */
function idPart(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

/** SPDX wants `YYYY-MM-DDThh:mm:ssZ`, without fractions. */
function spdxTime(value: string): string {
  const t = Date.parse(value);
  return (Number.isNaN(t) ? new Date(0) : new Date(t)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Declared licenses as one SPDX expression; free-text names become LicenseRefs. */
class LicenseRefs {
  readonly extracted = new Map<string, Json>();

  expression(pkg: Package): string {
    const terms = (pkg.licenses ?? []).filter((l) => l.trim()).map(classifyLicense);
    if (terms.length === 0) return 'NOASSERTION';
    const parts = terms.map((t) => {
      if (t.kind === 'id') return t.id;
      if (t.kind === 'expression') return terms.length > 1 ? `(${t.expression})` : t.expression;
      const id = `LicenseRef-${idPart(t.name)}`;
      if (!this.extracted.has(id)) this.extracted.set(id, { licenseId: id, extractedText: t.name, name: t.name });
      return id;
    });
    return [...new Set(parts)].join(' AND ');
  }
}

function securityRefs(findings: readonly Finding[]): Json[] {
  const refs = new Map<string, Json>();
  for (const f of findings) {
    const url = f.references?.find((r) => /^https?:\/\//.test(r));
    if (url && !refs.has(url)) {
      refs.set(url, { referenceCategory: 'SECURITY', referenceType: 'advisory', referenceLocator: url, comment: f.id });
    }
  }
  return [...refs.values()];
}

export function renderSpdx(report: ScanReport): string {
  const created = spdxTime(report.createdAt);
  const annotator = `Tool: ${TOOL.name}-${TOOL.version}`;
  const target = report.target;
  const targetId = `SPDXRef-${target.kind === 'image' ? 'ContainerImage' : 'Target'}-${shortHash(target.kind, target.name)}`;
  const packages: Json[] = [
    {
      SPDXID: targetId,
      name: target.name,
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      primaryPackagePurpose: PURPOSE[target.kind],
      ...imageChecksum(target.imageId),
    },
  ];
  const relationships: Json[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: targetId },
  ];

  const os = target.os;
  const osId = os ? `SPDXRef-OperatingSystem-${shortHash(os.id, os.versionId ?? '')}` : undefined;
  if (os && osId) {
    packages.push({
      SPDXID: osId,
      name: os.id,
      ...(os.versionId ? { versionInfo: os.versionId } : {}),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      primaryPackagePurpose: 'OPERATING-SYSTEM',
      ...(os.prettyName ? { description: os.prettyName } : {}),
    });
    relationships.push({ spdxElementId: targetId, relationshipType: 'CONTAINS', relatedSpdxElement: osId });
  }

  const findingsOf = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = packageKey(f.package);
    findingsOf.set(key, [...(findingsOf.get(key) ?? []), f]);
  }

  const licenses = new LicenseRefs();
  const usedIds = new Set<string>();
  report.packages.forEach((pkg, index) => {
    let id = `SPDXRef-Package-${idPart(pkg.name)}-${shortHash(packageKey(pkg))}`;
    if (usedIds.has(id)) id = `${id}-${index}`;
    usedIds.add(id);
    const declared = licenses.expression(pkg);
    const entry: Json = {
      SPDXID: id,
      name: pkg.name,
      ...(pkg.version ? { versionInfo: pkg.version } : {}),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      primaryPackagePurpose: isOsPackage(pkg.type) ? 'INSTALL' : 'LIBRARY',
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: declared,
      copyrightText: 'NOASSERTION',
      externalRefs: [
        { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: packagePurl(pkg) },
        ...securityRefs(findingsOf.get(packageKey(pkg)) ?? []),
      ],
    };
    if (pkg.source && (pkg.source.name !== pkg.name || (pkg.source.version && pkg.source.version !== pkg.version))) {
      entry.sourceInfo = `built package from: ${pkg.source.name}${pkg.source.version ? ` ${pkg.source.version}` : ''}`;
    }
    const notes = [
      ...pkg.locations.map((l) => `${SPDX_ANNOTATION.location}${l.path}`),
      ...new Set(pkg.locations.flatMap((l) => (l.layer ? [`${SPDX_ANNOTATION.layer}${l.layer}`] : []))),
    ];
    if (notes.length > 0) {
      entry.annotations = notes.map((comment) => ({ annotator, annotationDate: created, annotationType: 'OTHER', comment }));
    }
    packages.push(entry);
    const parent = isOsPackage(pkg.type) && osId ? osId : targetId;
    relationships.push({ spdxElementId: parent, relationshipType: 'CONTAINS', relatedSpdxElement: id });
  });

  const doc: Json = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: target.name,
    documentNamespace: `https://spdx.org/spdxdocs/${TOOL.name}-${encodeURIComponent(idPart(target.name))}-${reportUuid(report)}`,
    creationInfo: { created, creators: [annotator, `Organization: ${TOOL.vendor}`] },
    packages,
    relationships,
  };
  if (licenses.extracted.size > 0) doc.hasExtractedLicensingInfos = [...licenses.extracted.values()];
  return JSON.stringify(doc, null, 2);
}

/** An image id (`sha256:…`, the config digest) as the target's checksum. */
function imageChecksum(imageId: string | undefined): Json {
  const m = /^sha256:([0-9a-f]{64})$/.exec(imageId ?? '');
  return m ? { checksums: [{ algorithm: 'SHA256', checksumValue: m[1] }] } : {};
}
