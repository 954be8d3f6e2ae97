/**
 * Catalog a target: stream its files past the catalogers, keep each wanted file's result under
 * (layer, path), apply layers in order, then give OS packages their distro.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OSInfo, Package } from '@vigil/schema';
import type { CatalogFile, CatalogResult, Cataloger, FileInfo } from './catalog/cataloger.ts';
import { allCatalogers } from './catalog/registry.ts';
import { linkManifests } from './catalog/manifests.ts';
import { applyDistro } from './catalog/os/distro.ts';
import { resolveOS } from './catalog/os/os-release.ts';
import { applyLayers } from './layers.ts';
import { mergeDuplicates } from './packages.ts';
import { skipDirMatcher } from './skip-dirs.ts';
import type { ScanTarget } from './report/model.ts';
import type { Source, SourceOptions } from './source/source.ts';

export interface CatalogOptions {
  catalogers?: readonly Cataloger[];
  /** Directories (relative to the target root) whose files are never read. */
  skipDirs?: readonly string[];
  maxFileSize?: number;
  maxDecompressedBytes?: number;
  onProgress?(done: number, total?: number): void;
}

export interface CatalogOutcome {
  target: ScanTarget;
  packages: Package[];
  warnings: string[];
}

export const DEFAULT_MAX_FILE_SIZE = 256 * 1024 ** 2;
/** Generous for real images (the largest public ones decompress to tens of GB), fatal for bombs. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 ** 3;

export async function catalogSource(
  open: (opts: SourceOptions) => Promise<Source>,
  opts: CatalogOptions = {},
): Promise<CatalogOutcome> {
  const catalogers = opts.catalogers ?? allCatalogers;
  const skipped = skipDirMatcher(opts.skipDirs ?? []);
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const tempDir = await mkdtemp(join(tmpdir(), 'vigil-scan-'));
  try {
    const source = await open({
      maxFileSize: opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
      maxDecompressedBytes: opts.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES,
      tempDir,
      warn,
    });
    const byLayer = new Map<string, Map<string, CatalogResult>>();
    const ctx = { tempDir, warn };
    const interested = (path: string, info: FileInfo) =>
      skipped(path) ? [] : catalogers.filter((c) => c.wants(path, info));

    const walked = await source.walk({
      wants: (path, info) => interested(path, info).length > 0,
      async file(layerKey, file) {
        const result = await catalogFile(interested(file.path, file), file, ctx);
        let layer = byLayer.get(layerKey);
        if (!layer) byLayer.set(layerKey, (layer = new Map()));
        layer.set(file.path, result);
      },
      progress: opts.onProgress,
    });

    const digestOf = new Map(walked.layers.map((l) => [l.key, l.digest]));
    const surviving = linkManifests(applyLayers(walked.layers, byLayer));
    // A location's layer is that of the file it names: a root package made from a manifest
    // names the manifest, which may have come in with another layer than the lockfile.
    const layerOfPath = new Map(surviving.map((r) => [r.path, digestOf.get(r.layerKey)]));
    const packages: Package[] = [];
    const osFound: { path: string; os: OSInfo }[] = [];
    for (const { path, layerKey, result } of surviving) {
      if (result.os) osFound.push({ path, os: result.os });
      for (const pkg of result.packages ?? []) {
        packages.push({
          ...pkg,
          locations: pkg.locations.map((l) => {
            const layer = layerOfPath.get(l.path) ?? digestOf.get(layerKey);
            return layer ? { ...l, layer } : l;
          }),
        });
      }
    }
    const os = resolveOS(osFound);
    return {
      target: os ? { ...walked.target, os } : walked.target,
      packages: mergeDuplicates(applyDistro(packages, os)),
      warnings,
    };
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

/** Run every interested cataloger on one file; one failing parser never sinks the scan. */
async function catalogFile(
  catalogers: readonly Cataloger[],
  file: CatalogFile,
  ctx: { tempDir: string; warn(message: string): void },
): Promise<CatalogResult> {
  const merged: CatalogResult = {};
  for (const cataloger of catalogers) {
    try {
      const r = await cataloger.catalog(file, ctx);
      if (r.os) merged.os = r.os;
      if (r.manifest) merged.manifest = r.manifest;
      if (r.packages?.length) (merged.packages ??= []).push(...r.packages);
    } catch (err) {
      ctx.warn(`${cataloger.name}: ${file.path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return merged;
}
