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
  /** The advisory ecosystem, or undefined when the release cannot be told. */
  ecosystem(os: OSInfo): string | undefined;
}

const major = (v: string | undefined) => /^(\d+)/.exec(v ?? '')?.[1];
const majorMinor = (v: string | undefined) => /^(\d+\.\d+)/.exec(v ?? '')?.[1];
const withRelease = (base: string, release: string | undefined) => (release ? `${base}:${release}` : undefined);

/** SUSE names service packs: VERSION_ID 15.5 is "15 SP5", 15 is plain "15". */
function suseRelease(v: string | undefined): string | undefined {
  const m = /^(\d+)(?:\.(\d+))?/.exec(v ?? '');
  if (!m) return undefined;
  return m[2] && m[2] !== '0' ? `${m[1]} SP${m[2]}` : m[1];
}

/** Amazon Linux 1 numbered its releases by date (2018.03); 2 and 2023 by generation. */
function amazonRelease(v: string | undefined): string | undefined {
  if (/^20\d\d\.\d\d$/.test(v ?? '')) return '1';
  return major(v);
}

const rpmRebuild = (base: string, namespace: string): Distro => ({
  type: 'rpm',
  namespace,
  ecosystem: (os) => withRelease(base, major(os.versionId)),
});

const openSuseLeap: Distro = {
  type: 'rpm',
  namespace: 'opensuse',
  ecosystem: (os) => withRelease('openSUSE', os.versionId && `Leap ${os.versionId}`),
};

/** Keyed by os-release ID. */
const DISTROS: Record<string, Distro> = {
  // Testing and sid carry no VERSION_ID; their advisories are filed under "unstable".
  debian: { type: 'deb', namespace: 'debian', ecosystem: (os) => `Debian:${major(os.versionId) ?? 'unstable'}` },
  ubuntu: { type: 'deb', namespace: 'ubuntu', ecosystem: (os) => withRelease('Ubuntu', os.versionId) },
  alpine: {
    type: 'apk',
    namespace: 'alpine',
    ecosystem: (os) => withRelease('Alpine', majorMinor(os.versionId) && `v${majorMinor(os.versionId)}`),
  },
  // Rolling distros: one advisory stream, no release.
  wolfi: { type: 'apk', namespace: 'wolfi', ecosystem: () => 'Wolfi' },
  chainguard: { type: 'apk', namespace: 'chainguard', ecosystem: () => 'Chainguard' },
  rhel: rpmRebuild('Red Hat', 'redhat'),
  // CentOS Linux rebuilt RHEL's sources at the same versions and published no advisories of
  // its own; Red Hat's are the ones that describe its packages.
  centos: rpmRebuild('Red Hat', 'centos'),
  rocky: rpmRebuild('Rocky Linux', 'rocky'),
  almalinux: rpmRebuild('AlmaLinux', 'almalinux'),
  ol: rpmRebuild('Oracle Linux', 'oracle'),
  amzn: { type: 'rpm', namespace: 'amazon', ecosystem: (os) => withRelease('Amazon Linux', amazonRelease(os.versionId)) },
  fedora: { type: 'rpm', namespace: 'fedora', ecosystem: (os) => withRelease('Fedora', os.versionId) },
  mageia: { type: 'rpm', namespace: 'mageia', ecosystem: (os) => withRelease('Mageia', major(os.versionId)) },
  photon: { type: 'rpm', namespace: 'photon', ecosystem: (os) => withRelease('Photon OS', majorMinor(os.versionId)) },
  sles: {
    type: 'rpm',
    namespace: 'suse',
    ecosystem: (os) => withRelease('SUSE', suseRelease(os.versionId) && `Linux Enterprise Server ${suseRelease(os.versionId)}`),
  },
  sles_sap: {
    type: 'rpm',
    namespace: 'suse',
    ecosystem: (os) =>
      withRelease('SUSE', suseRelease(os.versionId) && `Linux Enterprise Server for SAP Applications ${suseRelease(os.versionId)}`),
  },
  'sle-micro': {
    type: 'rpm',
    namespace: 'suse',
    ecosystem: (os) => withRelease('SUSE', os.versionId && `Linux Enterprise Micro ${os.versionId}`),
  },
  'opensuse-leap': openSuseLeap,
  opensuse: openSuseLeap, // the ID of Leap 42.x
  'opensuse-tumbleweed': { type: 'rpm', namespace: 'opensuse', ecosystem: () => 'openSUSE:Tumbleweed' },
  azurelinux: { type: 'rpm', namespace: 'azurelinux', ecosystem: (os) => withRelease('Azure Linux', major(os.versionId)) },
};

const OS_TYPES = new Set<PackageType>(['deb', 'apk', 'rpm']);

/** Give OS packages their advisory ecosystem and purl; language packages pass through untouched. */
export function applyDistro(packages: Package[], os: OSInfo | undefined): Package[] {
  const distro = os && Object.hasOwn(DISTROS, os.id) ? DISTROS[os.id] : undefined;
  return packages.map((pkg) => {
    if (!OS_TYPES.has(pkg.type)) return pkg;
    if (!os || distro?.type !== pkg.type) return { ...pkg, ecosystem: '', purl: purlOf(pkg, undefined, undefined) };
    return {
      ...pkg,
      ecosystem: distro.ecosystem(os) ?? '',
      purl: purlOf(pkg, distro.namespace, distroQualifier(os)),
    };
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
