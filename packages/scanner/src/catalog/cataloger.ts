import type { Location, OSInfo, Package } from '@vigil/schema';

/** What is known about a file before its bytes are read. */
export interface FileInfo {
  size: number;
  /** Unix permission bits (0o755 …). */
  mode: number;
}

/** A wanted file, handed to the catalogers that asked for it. */
export interface CatalogFile extends FileInfo {
  /** POSIX path relative to the scan root, no leading slash. */
  path: string;
  /** Layer digest for image targets. */
  layer?: string;
  /** The whole content. Only called for files a cataloger wanted; bounded by `maxFileSize`. */
  read(): Promise<Buffer>;
}

export interface CatalogResult {
  packages?: Package[];
  /** Set by the OS-release cataloger. */
  os?: OSInfo;
  /** Set by project-manifest catalogers (package.json, Cargo.toml, …); see catalog/manifests.ts. */
  manifest?: ProjectManifest;
}

/**
 * What a project manifest declares, for the lockfile beside it: one file cannot tell a dev
 * dependency from a production one (yarn.lock, Cargo.lock), the manifest can. Manifests are
 * linked to lockfiles in the same directory after layers are applied (`linkManifests`).
 */
export interface ProjectManifest {
  /** Ecosystem of the packages it declares: `npm`, `crates.io`, … */
  ecosystem: string;
  /** The project itself, reported as the lockfile's root package. */
  project?: { name: string; version?: string };
  /** Names of direct production dependencies. */
  dependencies: string[];
  /** Names of direct development-only dependencies. */
  devDependencies: string[];
}

/**
 * One unit per ecosystem (dpkg, apk, npm lockfiles, …), registered in `catalog/registry.ts`.
 * The scan engine streams every file of the target past `wants`; wanted files are read once
 * (one at a time, never a whole layer) and handed to `catalog`. Results are keyed by path, so a
 * later layer that replaces or deletes the file replaces or deletes its packages.
 */
export interface Cataloger {
  readonly name: string;
  /** Decide from path and metadata alone. `path` is relative, POSIX, without leading slash. */
  wants(path: string, info: FileInfo): boolean;
  catalog(file: CatalogFile, ctx: CatalogContext): Promise<CatalogResult> | CatalogResult;
}

export interface CatalogContext {
  /** Where a temp file may be written (rpm sqlite, nested jars); removed after the scan. */
  tempDir: string;
  /** Report a file that could not be parsed; the scan goes on. */
  warn(message: string): void;
}

/** Helper for catalogers: the location record of a file. */
export function locationOf(file: Pick<CatalogFile, 'path' | 'layer'>): Location {
  return file.layer ? { path: file.path, layer: file.layer } : { path: file.path };
}
