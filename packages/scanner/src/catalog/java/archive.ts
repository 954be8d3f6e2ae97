/**
 * Java archives (jar, war, ear and the plugin/resource variants, all zip files): the Maven
 * artifacts each one and every archive nested in it holds. Nested archives (WEB-INF/lib/*.jar,
 * BOOT-INF/lib/*.jar, a war inside an ear, …) are opened in memory, bounded by a nesting depth and
 * by a budget of decompressed bytes per scanned file, so a zip bomb costs at most that budget.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import type { Location, Package } from '@vigil/schema';
import { locationOf, type CatalogContext, type CatalogFile, type Cataloger } from '../cataloger.ts';
import { fromManifest, fromPomProperties, isPomPropertiesPath } from './coordinates.ts';
import { parseManifest } from './manifest.ts';
import { mavenPackage } from './maven-package.ts';

const ARCHIVE = /\.(?:jar|war|ear|jpi|hpi|par|sar|nar)$/i;
const MANIFEST = 'META-INF/MANIFEST.MF';
const STORED = 0;
const DEFLATED = 8;

export interface ArchiveLimits {
  /** Archives nested deeper than this below the scanned file are not opened. */
  maxDepth: number;
  /** Decompressed bytes (declared sizes, which also bound the output) per scanned file. */
  maxBytes: number;
}

/** ear → war → jar → jar is the deepest real layout; tools rarely nest further. */
export const DEFAULT_LIMITS: ArchiveLimits = { maxDepth: 4, maxBytes: 256 * 1024 * 1024 };

export function javaArchiveCataloger(limits: ArchiveLimits = DEFAULT_LIMITS): Cataloger {
  return {
    name: 'java-archive',
    wants: (path) => ARCHIVE.test(path),
    async catalog(file: CatalogFile, ctx: CatalogContext) {
      const walk: Walk = { limits, remaining: limits.maxBytes, ctx, location: locationOf(file), warned: new Set() };
      return { packages: archivePackages(await file.read(), file.path, 0, walk) };
    },
  };
}

interface Walk {
  limits: ArchiveLimits;
  /** Decompression budget left for this scanned file. */
  remaining: number;
  ctx: CatalogContext;
  location: Location;
  /** Limit warnings already given for this scanned file (one each is enough). */
  warned: Set<string>;
}

function archivePackages(data: Uint8Array, archivePath: string, depth: number, walk: Walk): Package[] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(data, { filter: (entry) => wanted(entry, depth, archivePath, walk) });
  } catch (err) {
    walk.ctx.warn(`${archivePath}: not a readable zip archive (${err instanceof Error ? err.message : String(err)})`);
    return [];
  }

  const packages: Package[] = [];
  for (const [name, bytes] of Object.entries(entries)) {
    if (!isPomPropertiesPath(name)) continue;
    const coords = fromPomProperties(name, Buffer.from(bytes).toString('utf8'));
    if (coords) packages.push(mavenPackage(coords, walk.location, archivePath));
  }
  if (packages.length === 0) {
    const manifest = entries[MANIFEST] ? parseManifest(Buffer.from(entries[MANIFEST]).toString('utf8')) : undefined;
    const coords = fromManifest(manifest, baseName(archivePath));
    if (coords) packages.push(mavenPackage(coords, walk.location, archivePath));
  }
  for (const [name, bytes] of Object.entries(entries)) {
    if (ARCHIVE.test(name)) packages.push(...archivePackages(bytes, `${archivePath}!/${name}`, depth + 1, walk));
  }
  return packages;
}

/** Decide from the central directory alone which entries to decompress, charging the budget. */
function wanted(entry: UnzipFileInfo, depth: number, archivePath: string, walk: Walk): boolean {
  const nested = ARCHIVE.test(entry.name);
  if (!nested && entry.name !== MANIFEST && !isPomPropertiesPath(entry.name)) return false;
  if (entry.compression !== STORED && entry.compression !== DEFLATED) return false;
  if (nested && depth + 1 > walk.limits.maxDepth) {
    warnOnce(walk, 'depth', `${archivePath}!/${entry.name}: archives nested deeper than ${walk.limits.maxDepth} levels are not scanned`);
    return false;
  }
  // Stored entries are copied at their compressed size, deflated ones inflate into a buffer of the
  // declared size: the larger of the two bounds what this entry can cost.
  const cost = Math.max(entry.size, entry.originalSize);
  if (cost > walk.remaining) {
    warnOnce(walk, 'bytes', `${archivePath}!/${entry.name}: skipped, over the ${walk.limits.maxBytes}-byte decompression budget of this archive`);
    return false;
  }
  walk.remaining -= cost;
  return true;
}

function warnOnce(walk: Walk, kind: string, message: string): void {
  if (walk.warned.has(kind)) return;
  walk.warned.add(kind);
  walk.ctx.warn(message);
}

function baseName(archivePath: string): string {
  return archivePath.slice(Math.max(archivePath.lastIndexOf('/'), archivePath.lastIndexOf('!')) + 1);
}
