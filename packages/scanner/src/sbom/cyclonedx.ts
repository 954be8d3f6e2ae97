/**
 * CycloneDX JSON (1.2–1.7; the component model Vigil reads has not changed across them).
 * Components are read recursively; the operating-system component gives the OS. Source packages
 * and locations come from Vigil's own properties or Trivy's.
 */
import type { Location, OSInfo, Package } from '@vigil/schema';
import { UserError } from '@vigil/schema';
import { CDX_PROPERTY } from '../report/cyclonedx.ts';
import { parsePurl } from '../vex/purl-match.ts';
import type { ComponentFacts } from './purl-package.ts';
import { SbomCollector, type SbomContents } from './collector.ts';

type Json = Record<string, unknown>;

const TRIVY = 'aquasecurity:trivy:';

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function properties(c: Json): Map<string, string[]> {
  const map = new Map<string, string[]>();
  if (!Array.isArray(c.properties)) return map;
  for (const p of c.properties) {
    if (!isObject(p) || typeof p.name !== 'string' || typeof p.value !== 'string') continue;
    map.set(p.name, [...(map.get(p.name) ?? []), p.value]);
  }
  return map;
}

function licenses(c: Json): string[] {
  if (!Array.isArray(c.licenses)) return [];
  const out: string[] = [];
  for (const entry of c.licenses) {
    if (!isObject(entry)) continue;
    const expression = str(entry.expression);
    const license = isObject(entry.license) ? entry.license : undefined;
    const text = expression ?? str(license?.id) ?? str(license?.name);
    if (text) out.push(text);
  }
  return out;
}

/** Trivy splits source versions into epoch, version and release. */
function trivySource(props: Map<string, string[]>): Package['source'] | undefined {
  const name = props.get(`${TRIVY}SrcName`)?.[0];
  if (!name) return undefined;
  const version = props.get(`${TRIVY}SrcVersion`)?.[0];
  if (!version) return { name };
  const epoch = props.get(`${TRIVY}SrcEpoch`)?.[0];
  const release = props.get(`${TRIVY}SrcRelease`)?.[0];
  return { name, version: `${epoch && epoch !== '0' ? `${epoch}:` : ''}${version}${release ? `-${release}` : ''}` };
}

function facts(c: Json): ComponentFacts {
  const props = properties(c);
  const own = props.get(CDX_PROPERTY.sourceName)?.[0];
  const ownVersion = props.get(CDX_PROPERTY.sourceVersion)?.[0];
  const source = own ? { name: own, ...(ownVersion ? { version: ownVersion } : {}) } : trivySource(props);
  const layer = props.get(CDX_PROPERTY.layer)?.[0] ?? props.get(`${TRIVY}LayerDiffID`)?.[0];
  const paths = props.get(CDX_PROPERTY.location) ?? props.get(`${TRIVY}FilePath`) ?? [];
  const locations: Location[] = paths.map((path) => (layer ? { path, layer } : { path }));
  return { licenses: licenses(c), locations, ...(source ? { source } : {}) };
}

function components(list: unknown, where: string): Json[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new UserError(`${where}: "components" must be a list`, 'BAD_SBOM');
  const out: Json[] = [];
  for (const c of list) {
    if (!isObject(c)) continue;
    out.push(c, ...components(c.components, where));
  }
  return out;
}

export function readCycloneDx(doc: Json, origin: string): SbomContents {
  const metadata = isObject(doc.metadata) ? doc.metadata : {};
  const root = isObject(metadata.component) ? metadata.component : undefined;
  const all = components(doc.components, origin);

  const osComponent = all.find((c) => c.type === 'operating-system' && str(c.name));
  const os: OSInfo | undefined = osComponent
    ? { id: str(osComponent.name)!.toLowerCase(), ...(str(osComponent.version) ? { versionId: str(osComponent.version) } : {}) }
    : undefined;

  const collector = new SbomCollector(os);
  for (const c of all) {
    if (c === osComponent || c.type === 'operating-system') continue;
    const purlText = str(c.purl);
    if (!purlText) {
      // Applications, containers and files without purl group other components (Trivy lists each
      // lockfile that way); a library without one is a package that cannot be identified.
      if (c.type === undefined || c.type === 'library' || c.type === 'framework') collector.withoutPurl();
      continue;
    }
    const purl = parsePurl(purlText);
    if (!purl) collector.badPurl(purlText);
    else collector.add(purl, purlText, facts(c));
  }
  return collector.contents(str(root?.name) ?? origin);
}
