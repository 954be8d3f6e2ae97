/**
 * RPM packages from the rpmdb in any of its three on-disk formats, told apart by content:
 * sqlite (rpmdb.sqlite), Berkeley DB (Packages, RHEL ≤ 8, CentOS, Amazon Linux 2) and ndb
 * (Packages.db, SUSE). Each holds one header blob per installed package.
 */
import type { Package } from '@vigil/schema';
import { locationOf, type Cataloger, type CatalogContext } from '../cataloger.ts';
import { bdbEntries, isBerkeleyDb } from './rpm-bdb.ts';
import { parseRpmHeader, parseSourceRpm, type RpmHeader } from './rpm-header.ts';
import { isNdb, ndbBlobs } from './rpm-ndb.ts';
import { isSqlite, sqliteBlobs } from './rpm-sqlite.ts';

const DB_DIRS = ['var/lib/rpm', 'usr/lib/sysimage/rpm', 'usr/share/rpm'];
const DB_FILES = ['Packages', 'Packages.db', 'rpmdb.sqlite'];
const DB_PATHS = new Set(DB_DIRS.flatMap((dir) => DB_FILES.map((f) => `${dir}/${f}`)));

/** Imported signing keys are recorded as packages named gpg-pubkey; they are not software. */
const PUBKEY = 'gpg-pubkey';

export const rpmCataloger: Cataloger = {
  name: 'rpm',
  wants: (path) => DB_PATHS.has(path),
  async catalog(file, ctx) {
    let blobs: Iterable<Buffer>;
    try {
      blobs = await headerBlobs(await file.read(), ctx);
    } catch (err) {
      ctx.warn(`rpm: ${file.path}: ${err instanceof Error ? err.message : String(err)}`);
      return {};
    }
    const location = locationOf(file);
    const packages: Package[] = [];
    let damaged = 0;
    try {
      for (const blob of blobs) {
        let header: RpmHeader;
        try {
          header = parseRpmHeader(blob);
        } catch {
          damaged++;
          continue;
        }
        if (header.name !== PUBKEY) packages.push(toPackage(header, location));
      }
    } catch (err) {
      // The walk over a damaged database stops where the damage is; what came before is dropped
      // too, because a half-read package list would silently hide packages.
      ctx.warn(`rpm: ${file.path}: ${err instanceof Error ? err.message : String(err)}`);
      return {};
    }
    if (damaged) ctx.warn(`rpm: ${file.path}: skipped ${damaged} unreadable package header(s)`);
    return { packages };
  },
};

async function headerBlobs(buf: Buffer, ctx: CatalogContext): Promise<Iterable<Buffer>> {
  if (isSqlite(buf)) return sqliteBlobs(buf, ctx.tempDir);
  if (isNdb(buf)) return ndbBlobs(buf);
  if (isBerkeleyDb(buf)) return bdbHeaders(buf);
  throw new Error('not an rpm database (sqlite, Berkeley DB or ndb)');
}

function* bdbHeaders(buf: Buffer): Generator<Buffer> {
  for (const { key, value } of bdbEntries(buf)) {
    // Record 0 is rpm's counter of the next header instance, not a header.
    if (key.length === 4 && key.readUInt32LE(0) === 0) continue;
    yield value;
  }
}

function toPackage(h: RpmHeader, location: Package['locations'][number]): Package {
  const epoch = h.epoch === undefined ? '' : `${h.epoch}:`;
  const version = `${epoch}${h.version}-${h.release}`;
  // A source rpm's file name carries no epoch; its binaries share theirs, and comparing without
  // it would misorder versions against advisories that state it.
  const src = h.sourceRpm ? parseSourceRpm(h.sourceRpm) : undefined;
  const pkg: Package = {
    name: h.name,
    version,
    type: 'rpm',
    ecosystem: '',
    source: src ? { name: src.name, version: `${epoch}${src.version}` } : { name: h.name, version },
    locations: [location],
  };
  if (h.arch) pkg.arch = h.arch;
  if (h.license) pkg.licenses = [h.license];
  const metadata: Record<string, unknown> = {};
  if (h.vendor) metadata.vendor = h.vendor;
  if (h.sourceRpm) metadata.sourceRpm = h.sourceRpm;
  if (h.modularityLabel) metadata.modularityLabel = h.modularityLabel;
  if (Object.keys(metadata).length) pkg.metadata = metadata;
  return pkg;
}
