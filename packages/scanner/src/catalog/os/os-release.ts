/**
 * OS identification. os-release(5) is the standard; the distros' older release files are
 * fallbacks. Each file is cataloged on its own (no cataloger sees its siblings), so choosing and
 * combining what several files say is `resolveOS`, run once the whole target has been walked.
 */
import type { OSInfo } from '@vigil/schema';
import type { Cataloger } from '../cataloger.ts';
import { parseKeyValue } from './key-value.ts';
import {
  compact,
  parseAlpineRelease,
  parseDebianVersion,
  parseLsbRelease,
  parseRedHatRelease,
} from './release-files.ts';

/** os-release(5): ID (default `linux`), VERSION_ID, VERSION_CODENAME, PRETTY_NAME, ID_LIKE. */
export function parseOsRelease(text: string): OSInfo | undefined {
  const f = parseKeyValue(text);
  if (f.size === 0) return undefined;
  return compact({
    id: (f.get('ID') || 'linux').toLowerCase(),
    versionId: f.get('VERSION_ID'),
    codename: f.get('VERSION_CODENAME') || f.get('UBUNTU_CODENAME'),
    prettyName: f.get('PRETTY_NAME'),
    idLike: f.get('ID_LIKE')?.toLowerCase().split(/\s+/).filter(Boolean),
  });
}

/**
 * Release files in order of authority. Both os-release paths are listed because Debian ships
 * etc/os-release as a symlink to ../usr/lib/os-release, and symlinks are never followed.
 */
const RELEASE_FILES: readonly { path: string; parse(text: string): OSInfo | undefined }[] = [
  { path: 'etc/os-release', parse: parseOsRelease },
  { path: 'usr/lib/os-release', parse: parseOsRelease },
  { path: 'etc/lsb-release', parse: parseLsbRelease },
  ...['redhat', 'centos', 'rocky', 'almalinux', 'oracle', 'fedora', 'system'].map((name) => ({
    path: `etc/${name}-release`,
    parse: parseRedHatRelease,
  })),
  { path: 'etc/alpine-release', parse: parseAlpineRelease },
  // Last: Ubuntu and other derivatives carry Debian's file with Debian's codename in it.
  { path: 'etc/debian_version', parse: parseDebianVersion },
];

const byPath = new Map(RELEASE_FILES.map((f, rank) => [f.path, { ...f, rank }]));

/** Files larger than this are not release files (they are a line or a screenful). */
const MAX_RELEASE_FILE = 64 * 1024;

export const osReleaseCataloger: Cataloger = {
  name: 'os-release',
  wants: (path, info) => byPath.has(path) && info.size <= MAX_RELEASE_FILE,
  async catalog(file, ctx) {
    const text = (await file.read()).toString('utf8');
    const os = byPath.get(file.path)?.parse(text);
    if (os) return { os };
    if (text.trim()) ctx.warn(`os-release: ${file.path}: no operating system named`);
    return {};
  },
};

/**
 * The OS of a target from every release file found in it: the most authoritative file names the
 * OS, and fields it lacks are filled from lower-ranked files that name the same OS.
 */
export function resolveOS(found: readonly { path: string; os: OSInfo }[]): OSInfo | undefined {
  const rank = (path: string) => byPath.get(path)?.rank ?? RELEASE_FILES.length;
  const ordered = [...found].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
  const best = ordered[0]?.os;
  if (!best) return undefined;
  const same = ordered.map((f) => f.os).filter((os) => os.id === best.id);
  return compact({
    id: best.id,
    versionId: same.find((os) => os.versionId)?.versionId,
    codename: same.find((os) => os.codename)?.codename,
    prettyName: same.find((os) => os.prettyName)?.prettyName,
    idLike: same.find((os) => os.idLike?.length)?.idLike,
  });
}
