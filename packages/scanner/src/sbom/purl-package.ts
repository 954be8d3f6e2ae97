/**
 * Packages from the purls of an SBOM. The purl decides type, name, version and, for OS
 * packages, the distro release (its `distro` qualifier, else the SBOM's operating system);
 * without a release an OS package gets no ecosystem and is never matched — guessing one is how
 * scanners report another distro's CVEs.
 */
import type { PackageURL } from 'packageurl-js';
import type { Location, OSInfo, Package, PackageType } from '@vigil/schema';
import { applyDistro } from '../catalog/os/distro.ts';

/** purl type → package type and advisory ecosystem (OS types get theirs from the distro). */
const TYPES: Record<string, { type: PackageType; ecosystem: string; name: (p: PackageURL) => string }> = {
  npm: { type: 'npm', ecosystem: 'npm', name: (p) => joined(p, '/') },
  pypi: { type: 'pypi', ecosystem: 'PyPI', name: (p) => p.name },
  gem: { type: 'gem', ecosystem: 'RubyGems', name: (p) => p.name },
  golang: { type: 'golang', ecosystem: 'Go', name: (p) => joined(p, '/') },
  maven: { type: 'maven', ecosystem: 'Maven', name: (p) => joined(p, ':') },
  composer: { type: 'composer', ecosystem: 'Packagist', name: (p) => joined(p, '/') },
  cargo: { type: 'cargo', ecosystem: 'crates.io', name: (p) => p.name },
  nuget: { type: 'nuget', ecosystem: 'NuGet', name: (p) => p.name },
  deb: { type: 'deb', ecosystem: '', name: (p) => p.name },
  apk: { type: 'apk', ecosystem: '', name: (p) => p.name },
  rpm: { type: 'rpm', ecosystem: '', name: (p) => p.name },
};

function joined(p: PackageURL, sep: string): string {
  return p.namespace ? `${p.namespace}${sep}${p.name}` : p.name;
}

export function isSupportedPurlType(type: string): boolean {
  return Object.hasOwn(TYPES, type);
}

/**
 * The OS a `distro` qualifier names: `debian-12`, `alpine-3.19.1`, `centos-7.6.1810`,
 * `opensuse-leap-15.5`. A qualifier without a numeric release (`debian-bookworm`) names no
 * release and gives undefined.
 */
export function osFromDistroQualifier(value: string): OSInfo | undefined {
  const m = /^(.+?)-(\d[\w.~+-]*)$/.exec(value);
  return m ? { id: m[1].toLowerCase(), versionId: m[2] } : undefined;
}

/** Facts an SBOM gives beside the purl. */
export interface ComponentFacts {
  licenses?: string[];
  locations?: Location[];
  source?: Package['source'];
}

/** `upstream=openssl` or `upstream=openssl@3.0.11-1`: the source package of a distro package. */
function upstreamSource(purl: PackageURL): Package['source'] | undefined {
  const upstream = purl.qualifiers?.upstream;
  if (!upstream) return undefined;
  const at = upstream.indexOf('@');
  return at > 0 ? { name: upstream.slice(0, at), version: upstream.slice(at + 1) } : { name: upstream };
}

/** The package a purl names, or undefined when its type is not one Vigil matches. */
export function packageFromPurl(purl: PackageURL, purlText: string, facts: ComponentFacts, sbomOs: OSInfo | undefined): Package | undefined {
  const kind = TYPES[purl.type];
  if (!kind || !purl.version) return undefined;
  let version = purl.version;
  // The purl spec keeps an rpm epoch in a qualifier; Vigil's versions carry it as `epoch:`.
  const epoch = purl.qualifiers?.epoch;
  if (kind.type === 'rpm' && epoch && !version.includes(':')) version = `${epoch}:${version}`;
  const pkg: Package = {
    name: kind.name(purl),
    version,
    type: kind.type,
    ecosystem: kind.ecosystem,
    purl: purlText,
    locations: facts.locations ?? [],
  };
  const arch = purl.qualifiers?.arch;
  if (arch) pkg.arch = arch;
  const source = facts.source ?? upstreamSource(purl);
  if (source) pkg.source = source;
  if (facts.licenses && facts.licenses.length > 0) pkg.licenses = facts.licenses;
  if (kind.ecosystem) return pkg;

  const distro = purl.qualifiers?.distro;
  // A qualifier without a release still says which distro: the SBOM's OS is used only if it agrees.
  const os =
    (distro && osFromDistroQualifier(distro)) ||
    (sbomOs && (!distro || distro.toLowerCase().startsWith(`${sbomOs.id}-`)) ? sbomOs : undefined);
  if (!os) return pkg;
  // applyDistro also rebuilds purls; the SBOM's own purl is kept as written.
  const [withEcosystem] = applyDistro([pkg], os);
  return { ...pkg, ecosystem: withEcosystem.ecosystem };
}
