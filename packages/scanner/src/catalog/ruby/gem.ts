/**
 * Turning what Bundler or RubyGems records about a gem into `Package` records.
 */
import { PackageURL } from 'packageurl-js';
import type { Package } from '@vigil/schema';
import { locationOf, type CatalogFile } from '../cataloger.ts';
import { mergeDuplicates } from '../../packages.ts';

export interface GemEntry {
  name: string;
  version: string;
  /** Platforms the gem was built for (`x86_64-linux`, `java`); `ruby` (pure Ruby) is the default. */
  platforms?: string[];
  licenses?: string[];
  indirect?: boolean;
  metadata?: Record<string, unknown>;
}

/** RubyGems' own rule for gem names. */
const NAME = /^[A-Za-z0-9._-]+$/;
/**
 * A release as RubyGems stores it: numeric first segment, dot-separated alphanumerics after
 * (`1.0.0.pre.rc1`; RubyGems turns a `-` into `.pre.`, so a stored version never has one).
 */
const VERSION = /^[0-9]+(?:\.[0-9A-Za-z]+)*$/;
const DEFAULT_PLATFORM = 'ruby';

export function isGemName(name: string): boolean {
  return NAME.test(name);
}

export function isGemVersion(version: string): boolean {
  return VERSION.test(version);
}

/** The purl names the platform only when there is exactly one binary one; advisories never do. */
export function gemPurl(name: string, version: string, platform?: string): string {
  const qualifiers = platform && platform !== DEFAULT_PLATFORM ? { platform } : undefined;
  return new PackageURL('gem', undefined, name, version, qualifiers, undefined).toString();
}

/** Packages for the valid entries; an entry listed twice in one file becomes one package. */
export function gemPackages(entries: Iterable<GemEntry>, file: Pick<CatalogFile, 'path' | 'layer'>): Package[] {
  const location = locationOf(file);
  const packages: Package[] = [];
  for (const e of entries) {
    if (!isGemName(e.name) || !isGemVersion(e.version)) continue;
    const platforms = (e.platforms ?? []).filter((p) => p !== DEFAULT_PLATFORM);
    const pkg: Package = {
      name: e.name,
      version: e.version,
      type: 'gem',
      ecosystem: 'RubyGems',
      purl: gemPurl(e.name, e.version, platforms.length === 1 ? platforms[0] : undefined),
      locations: [location],
    };
    if (e.indirect !== undefined) pkg.indirect = e.indirect;
    if (e.licenses?.length) pkg.licenses = e.licenses;
    const metadata = { ...e.metadata, ...(platforms.length ? { platforms } : {}) };
    if (Object.keys(metadata).length) pkg.metadata = metadata;
    packages.push(pkg);
  }
  return mergeDuplicates(packages);
}
