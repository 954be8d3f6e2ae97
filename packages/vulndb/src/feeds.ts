/**
 * The public advisory feeds `vigil db update` downloads, and the download itself: each feed is
 * fetched into a temp dir and handed to the same importers as `vigil db import`. A mirror base
 * (`--mirror` / `VIGIL_FEED_BASE`) serves every feed under `<base>/<mirrorPath>`; the recorded
 * origin stays the public URL, so mirrored and direct updates replace each other.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { UserError } from '@vigil/schema';
import { type ImportOptions, type ImportSummary, importPaths } from './importers/index.ts';
import type { AdvisoryDb } from './store.ts';

export interface Feed {
  /** `osv:PyPI`, `debian`, `alpine:v3.20`, `rustsec`, `kev`. */
  id: string;
  /** The group `--source` selects by: `osv`, `debian`, `alpine`, `rustsec`, `kev`. */
  group: string;
  url: string;
  /** Where a mirror serves the same file. */
  mirrorPath: string;
  /** Local file name; its extension tells the importer how to read it. */
  fileName: string;
}

const OSV_BUCKET = 'https://osv-vulnerabilities.storage.googleapis.com';
/** Language ecosystems taken from OSV; distros come from their own trackers below. */
const OSV_ECOSYSTEMS = ['Go', 'npm', 'PyPI', 'crates.io', 'Maven', 'RubyGems', 'Packagist', 'NuGet', 'Hex', 'Pub'];
/** Alpine releases with security support or still common in images. */
const ALPINE_RELEASES = ['v3.16', 'v3.17', 'v3.18', 'v3.19', 'v3.20', 'v3.21', 'v3.22', 'edge'];

export const FEEDS: readonly Feed[] = [
  ...OSV_ECOSYSTEMS.map((eco) => ({
    id: `osv:${eco}`,
    group: 'osv',
    url: `${OSV_BUCKET}/${encodeURIComponent(eco)}/all.zip`,
    mirrorPath: `osv/${encodeURIComponent(eco)}/all.zip`,
    fileName: 'all.zip',
  })),
  {
    id: 'debian',
    group: 'debian',
    url: 'https://security-tracker.debian.org/tracker/data/json',
    mirrorPath: 'debian/tracker.json',
    fileName: 'tracker.json',
  },
  ...ALPINE_RELEASES.flatMap((release) =>
    ['main', 'community'].map((repo) => ({
      id: `alpine:${release}/${repo}`,
      group: 'alpine',
      url: `https://secdb.alpinelinux.org/${release}/${repo}.json`,
      mirrorPath: `alpine/${release}/${repo}.json`,
      fileName: `${repo}.json`,
    })),
  ),
  {
    id: 'rustsec',
    group: 'rustsec',
    url: 'https://github.com/rustsec/advisory-db/archive/refs/heads/main.tar.gz',
    mirrorPath: 'rustsec/advisory-db.tar.gz',
    fileName: 'advisory-db.tar.gz',
  },
  {
    id: 'kev',
    group: 'kev',
    url: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
    mirrorPath: 'cisa/known_exploited_vulnerabilities.json',
    fileName: 'known_exploited_vulnerabilities.json',
  },
];

/** Feeds selected by group or id; none selected means all. */
export function selectFeeds(selection: readonly string[] = []): Feed[] {
  if (selection.length === 0) return [...FEEDS];
  const unknown = selection.filter((s) => !FEEDS.some((f) => f.group === s || f.id === s));
  if (unknown.length > 0) {
    const groups = [...new Set(FEEDS.map((f) => f.group))].join(', ');
    throw new UserError(`unknown feed source ${unknown.map((u) => `"${u}"`).join(', ')} (choose from ${groups})`, 'BAD_FLAG');
  }
  return FEEDS.filter((f) => selection.includes(f.group) || selection.includes(f.id));
}

export interface UpdateOptions extends Pick<ImportOptions, 'onProgress'> {
  sources?: readonly string[];
  /** Base URL serving every feed at its `mirrorPath`. */
  mirror?: string;
  onFeed?: (feed: Feed, index: number, total: number) => void;
}

export function feedUrl(feed: Feed, mirror?: string): string {
  if (!mirror) return feed.url;
  let base: URL;
  try {
    base = new URL(mirror.endsWith('/') ? mirror : `${mirror}/`);
  } catch {
    throw new UserError(`invalid mirror URL "${mirror}"`, 'BAD_FLAG');
  }
  return new URL(feed.mirrorPath, base).toString();
}

/**
 * Download and import the selected feeds, one transaction each. A feed that cannot be downloaded
 * is reported in the summary's errors; when none can be, that is the user's error (offline, bad mirror).
 */
export async function updateFromFeeds(db: AdvisoryDb, opts: UpdateOptions = {}): Promise<ImportSummary> {
  const feeds = selectFeeds(opts.sources);
  const urls = feeds.map((f) => feedUrl(f, opts.mirror));
  const total: ImportSummary = { sources: [], files: 0, unrecognized: 0, errors: [] };
  const failures: string[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'vigil-feeds-'));
  try {
    for (const [i, feed] of feeds.entries()) {
      opts.onFeed?.(feed, i, feeds.length);
      const file = join(dir, `${i}-${feed.fileName}`);
      try {
        await download(urls[i], file);
      } catch (err) {
        const message = `download failed: ${describe(err)}`;
        total.errors.push({ file: urls[i], message });
        failures.push(`${feed.id}: ${message}`);
        continue;
      }
      const summary = await importPaths(db, [file], { onProgress: opts.onProgress, origin: () => feed.url });
      total.sources.push(...summary.sources);
      total.files += summary.files;
      total.unrecognized += summary.unrecognized;
      total.errors.push(...summary.errors);
      await rm(file, { force: true });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (failures.length === feeds.length) {
    throw new UserError(`could not download any advisory feed (${failures[0]})`, 'FEED_UNAVAILABLE');
  }
  return total;
}

async function download(url: string, file: string): Promise<void> {
  const response = await fetch(url, { redirect: 'follow' });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} for ${url}`);
  await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(file));
}

/** fetch() reports "fetch failed" and hides the reason (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}
