/**
 * The distros' own release files, read when an image has no os-release (old releases, trimmed
 * images) or has one without a version (distroless Debian ships os-release without VERSION_ID
 * next to a full etc/debian_version).
 */
import type { OSInfo } from '@vigil/schema';
import { parseKeyValue } from './key-value.ts';

/** etc/lsb-release (Ubuntu and derivatives): DISTRIB_ID, DISTRIB_RELEASE, DISTRIB_CODENAME. */
export function parseLsbRelease(text: string): OSInfo | undefined {
  const f = parseKeyValue(text);
  const id = f.get('DISTRIB_ID')?.toLowerCase();
  if (!id) return undefined;
  return compact({
    id,
    versionId: f.get('DISTRIB_RELEASE'),
    codename: f.get('DISTRIB_CODENAME'),
    prettyName: f.get('DISTRIB_DESCRIPTION'),
  });
}

/** etc/alpine-release: the full release number alone (`3.19.1`). */
export function parseAlpineRelease(text: string): OSInfo | undefined {
  const v = firstLine(text);
  return /^\d+\.\d+/.test(v) ? { id: 'alpine', versionId: v } : undefined;
}

/**
 * etc/debian_version: a point release (`12.4`) on stable, `<codename>/sid` on testing and
 * unstable. VERSION_ID in Debian's os-release is the major release only, so that is what a
 * point release becomes here.
 */
export function parseDebianVersion(text: string): OSInfo | undefined {
  const v = firstLine(text);
  const point = /^(\d+)(?:\.\d+)*$/.exec(v);
  if (point) return { id: 'debian', versionId: point[1], prettyName: `Debian GNU/Linux ${v}` };
  const rolling = /^([a-z]+)\/sid$/.exec(v);
  if (rolling) return { id: 'debian', codename: rolling[1], prettyName: `Debian GNU/Linux ${v}` };
  return undefined;
}

/** Vendor names in `<name> release <version> (<codename>)` lines, mapped to os-release IDs. */
const RELEASE_VENDORS: [RegExp, string][] = [
  [/^red hat enterprise linux/i, 'rhel'],
  [/^centos/i, 'centos'],
  [/^rocky linux/i, 'rocky'],
  [/^almalinux/i, 'almalinux'],
  [/^oracle linux/i, 'ol'],
  [/^fedora/i, 'fedora'],
  [/^amazon linux/i, 'amzn'],
  [/^scientific linux/i, 'scientific'],
];

/**
 * etc/redhat-release and its siblings (centos-release, system-release, …):
 * `CentOS Linux release 7.9.2009 (Core)`, `Amazon Linux AMI release 2018.03`.
 */
export function parseRedHatRelease(text: string): OSInfo | undefined {
  const line = firstLine(text);
  const m = /^(.+?)\s+release\s+(\d[\w.]*)/i.exec(line);
  if (!m) return undefined;
  const id = RELEASE_VENDORS.find(([re]) => re.test(m[1]))?.[1];
  return id ? { id, versionId: m[2], prettyName: line } : undefined;
}

function firstLine(text: string): string {
  return text.trim().split(/\r?\n/, 1)[0]?.trim() ?? '';
}

/** Drop empty fields so that absent and empty read the same. */
export function compact(os: { id: string } & { [K in keyof OSInfo]?: OSInfo[K] | undefined }): OSInfo {
  const out: OSInfo = { id: os.id };
  if (os.versionId) out.versionId = os.versionId;
  if (os.codename) out.codename = os.codename;
  if (os.prettyName) out.prettyName = os.prettyName;
  if (os.idLike?.length) out.idLike = os.idLike;
  return out;
}
