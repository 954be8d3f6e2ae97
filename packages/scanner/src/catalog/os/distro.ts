/**
 * What an OS package means once the OS is known: the advisory ecosystem it is matched in (OSV's
 * naming, with the release in the form each distro's advisories key on) and its package URL.
 * Packages of a format foreign to the OS (an rpm database inside a Debian image) get no ecosystem:
 * no distro's advisories describe them, and guessing one would only produce false findings.
 */
import { PackageURL } from 'packageurl-js';
import type { OSInfo, Package, PackageType } from '@vigil/schema';

interface Distro {
  /** The package format the distro installs with. */
  type: PackageType;
  /** purl namespace. */
  namespace: string;
  /** OSV ecosystem name. */
  base: string;
  /**
   * The release part of the ecosystem from VERSION_ID; undefined when it cannot be told (then
   * there is no ecosystem). Absent for rolling distros, which have one advisory stream.
   */
  release?(versionId: string | undefined): string | undefined;
}

const major = (v: string | undefined) => /^(\d+)/.exec(v ?? '')?.[1];
const majorMinor = (v: string | undefined) => /^(\d+\.\d+)/.exec(v ?? '')?.[1];
const prefixed = (prefix: string, v: string | undefined) => (v ? `${prefix}${v}` : undefined);

/** SUSE names service packs: VERSION_ID 15.5 is "15 SP5", 15 is plain "15". */
function suseRelease(v: string | undefined): string | undefined {
  const m = /^(\d+)(?:\.(\d+))?/.exec(v ?? '');
  if (!m) return undefined;
  return m[2] && m[2] !== '0' ? `${m[1]} SP${m[2]}` : m[1];
}

/** Amazon Linux 1 numbered its releases by date (2018.03); 2 and 2023 by generation. */
function amazonRelease(v: string | undefined): string | undefined {
  return /^20\d\d\.\d\d$/.test(v ?? '') ? '1' : major(v);
}

const distro = (type: PackageType, namespace: string, base: string, release?: Distro['release']): Distro =>
  release ? { type, namespace, base, release } : { type, namespace, base };

/** Keyed by os-release ID. */
const DISTROS: Record<string, Distro> = {
  // Testing and sid carry no VERSION_ID; their advisories are filed under "unstable".
  debian: distro('deb', 'debian', 'Debian', (v) => major(v) ?? 'unstable'),
  ubuntu: distro('deb', 'ubuntu', 'Ubuntu', (v) => v),
  alpine: distro('apk', 'alpine', 'Alpine', (v) => prefixed('v', majorMinor(v))),
  wolfi: distro('apk', 'wolfi', 'Wolfi'),
  chainguard: distro('apk', 'chainguard', 'Chainguard'),
  rhel: distro('rpm', 'redhat', 'Red Hat', major),
  // CentOS Linux rebuilt RHEL's sources at the same versions and published no advisories of
  // its own; Red Hat's are the ones that describe its packages.
  centos: distro('rpm', 'centos', 'Red Hat', major),
  rocky: distro('rpm', 'rocky', 'Rocky Linux', major),
  almalinux: distro('rpm', 'almalinux', 'AlmaLinux', major),
  ol: distro('rpm', 'oracle', 'Oracle Linux', major),
  amzn: distro('rpm', 'amazon', 'Amazon Linux', amazonRelease),
  fedora: distro('rpm', 'fedora', 'Fedora', (v) => v),
  mageia: distro('rpm', 'mageia', 'Mageia', major),
  photon: distro('rpm', 'photon', 'Photon OS', majorMinor),
  azurelinux: distro('rpm', 'azurelinux', 'Azure Linux', major),
  sles: distro('rpm', 'suse', 'SUSE', (v) => prefixed('Linux Enterprise Server ', suseRelease(v))),
  sles_sap: distro('rpm', 'suse', 'SUSE', (v) => prefixed('Linux Enterprise Server for SAP Applications ', suseRelease(v))),
  'sle-micro': distro('rpm', 'suse', 'SUSE', (v) => prefixed('Linux Enterprise Micro ', v)),
  'opensuse-leap': distro('rpm', 'opensuse', 'openSUSE', (v) => prefixed('Leap ', v)),
  opensuse: distro('rpm', 'opensuse', 'openSUSE', (v) => prefixed('Leap ', v)), // the ID of Leap 42.x
  'opensuse-tumbleweed': distro('rpm', 'opensuse', 'openSUSE', () => 'Tumbleweed'),
};

function ecosystemOf(d: Distro, os: OSInfo): string {
  if (!d.release) return d.base;
  const release = d.release(os.versionId);
  return release ? `${d.base}:${release}` : '';
}

const OS_TYPES = new Set<PackageType>(['deb', 'apk', 'rpm']);

/** Give OS packages their advisory ecosystem and purl; language packages pass through untouched. */
export function applyDistro(packages: Package[], os: OSInfo | undefined): Package[] {
  const known = os && Object.hasOwn(DISTROS, os.id) ? DISTROS[os.id] : undefined;
  return packages.map((pkg) => {
    if (!OS_TYPES.has(pkg.type)) return pkg;
    if (!os || known?.type !== pkg.type) return { ...pkg, ecosystem: '', purl: purlOf(pkg, undefined, undefined) };
    return { ...pkg, ecosystem: ecosystemOf(known, os), purl: purlOf(pkg, known.namespace, distroQualifier(os)) };
  });
}

/** `debian-12`, `alpine-3.19.1`, `debian-trixie` when there is no version, bare ID as a last resort. */
function distroQualifier(os: OSInfo): string {
  const release = os.versionId ?? os.codename;
  return release ? `${os.id}-${release}` : os.id;
}

function purlOf(pkg: Package, namespace: string | undefined, distro: string | undefined): string {
  const qualifiers: Record<string, string> = {};
  if (pkg.arch) qualifiers.arch = pkg.arch;
  let version = pkg.version;
  if (pkg.type === 'rpm') {
    // The purl spec keeps an rpm epoch in its own qualifier, not in the version.
    const m = /^(\d+):(.*)$/.exec(version);
    if (m) {
      qualifiers.epoch = m[1];
      version = m[2];
    }
  }
  if (distro) qualifiers.distro = distro;
  const src = pkg.source;
  if (src && (src.name !== pkg.name || (src.version && src.version !== pkg.version))) {
    qualifiers.upstream = src.version && src.version !== pkg.version ? `${src.name}@${src.version}` : src.name;
  }
  return new PackageURL(pkg.type, namespace, pkg.name, version, qualifiers, undefined).toString();
}
