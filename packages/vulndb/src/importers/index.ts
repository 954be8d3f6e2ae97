/**
 * `importPaths`: reads advisory files in any supported format from files, directory trees and
 * archives into the advisory database. Each path is imported in one transaction and replaces what
 * an earlier import of the same path contributed. A record or file that cannot be read is counted
 * and reported; it never aborts the import.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '@vigil/schema';
import type { Advisory } from '../advisory.ts';
import type { AdvisoryDb } from '../store.ts';
import { alpineFormat } from './alpine.ts';
import { debianJsonFormat } from './debian-json.ts';
import { debianListFormat } from './debian-list.ts';
import { kevFormat } from './kev.ts';
import type { AdvisoryFormat, FormatImporter, ParseContext, ParsedFile } from './format.ts';
import { nodejsWgFormat } from './nodejs-wg.ts';
import { parseByName } from './parse.ts';
import { osvFormat } from './osv.ts';
import { rustsecFormat } from './rustsec.ts';
import { trivyFormat } from './trivy.ts';
import { archiveKind, walkInputs } from './walk.ts';

/** Every supported format, asked in this order whether a parsed file is theirs. */
const FORMATS: readonly AdvisoryFormat[] = [
  nodejsWgFormat,
  osvFormat,
  alpineFormat,
  debianJsonFormat,
  trivyFormat,
  rustsecFormat,
  debianListFormat,
  kevFormat,
];

export interface ImportError {
  file: string;
  message: string;
}

export interface SourceSummary {
  name: string;
  origin: string;
  /** Files this format recognised. */
  files: number;
  /** Advisories and affected rows stored for this source after the import. */
  advisories: number;
  affected: number;
  errors: ImportError[];
  /** Records deliberately left out, counted by reason. */
  skipped: Record<string, number>;
}

export interface ImportSummary {
  sources: SourceSummary[];
  /** Files read, including ones no format recognised. */
  files: number;
  /** Files no format recognised (licences, READMEs, unrelated data). */
  unrecognized: number;
  /** Every error, from all sources and from files that could not be parsed at all. */
  errors: ImportError[];
}

export interface ImportProgress {
  files: number;
  advisories: number;
  file: string;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** The origin recorded for a path (default: its absolute path); `vigil db update` passes the feed URL. */
  origin?: (path: string) => string;
}

export async function importPaths(db: AdvisoryDb, paths: readonly string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  const summary: ImportSummary = { sources: [], files: 0, unrecognized: 0, errors: [] };
  const kinds = await Promise.all(paths.map(pathKind));
  for (const [i, path] of paths.entries()) {
    const origin = opts.origin?.(path) ?? resolve(path);
    await db.transaction(() => importOne(db, path, kinds[i], origin, summary, opts));
  }
  return summary;
}

type PathKind = 'single-file' | 'tree';

async function pathKind(path: string): Promise<PathKind> {
  try {
    const info = await stat(path);
    return info.isFile() && !archiveKind(path) ? 'single-file' : 'tree';
  } catch {
    throw new UserError(`no such file or directory: ${path}`, 'ENOENT');
  }
}

interface ActiveSource {
  format: AdvisoryFormat;
  importer: FormatImporter;
  summary: SourceSummary;
}

async function importOne(
  db: AdvisoryDb,
  path: string,
  kind: PathKind,
  origin: string,
  summary: ImportSummary,
  opts: ImportOptions,
): Promise<void> {
  db.clearOrigin(origin);
  const active = new Map<AdvisoryFormat, ActiveSource>();
  let advisories = 0;

  const contextFor = (source: SourceSummary, file: string): ParseContext => ({
    file,
    error: (message) => {
      const err = { file, message };
      source.errors.push(err);
      summary.errors.push(err);
    },
    skip: (reason) => {
      source.skipped[reason] = (source.skipped[reason] ?? 0) + 1;
    },
  });
  const store = (source: ActiveSource, batch: Advisory[]) => {
    if (batch.length === 0) return;
    advisories += db.putAdvisories({ name: source.format.source, origin }, batch).advisories;
  };

  for await (const input of walkInputs(path)) {
    summary.files++;
    opts.onProgress?.({ files: summary.files, advisories, file: input.path });
    if ('error' in input) {
      summary.errors.push({ file: input.path, message: input.error });
      continue;
    }
    let parsed: ParsedFile | undefined;
    try {
      parsed = parseByName(input.path, input.data);
    } catch (err) {
      const message = `cannot parse: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
      if (kind === 'single-file') throw new UserError(`${path}: ${message}`, 'BAD_INPUT');
      summary.errors.push({ file: input.path, message });
      continue;
    }
    const format = parsed && FORMATS.find((f) => f.accepts(input.path, parsed));
    if (!parsed || !format) {
      if (kind === 'single-file') throw new UserError(`${path}: not a recognised advisory format`, 'UNKNOWN_FORMAT');
      summary.unrecognized++;
      continue;
    }
    let source = active.get(format);
    if (!source) {
      source = {
        format,
        importer: format.create(),
        summary: { name: format.source, origin, files: 0, advisories: 0, affected: 0, errors: [], skipped: {} },
      };
      active.set(format, source);
    }
    source.summary.files++;
    store(source, source.importer.add(parsed, contextFor(source.summary, input.path)));
  }

  for (const source of active.values()) {
    if (source.importer.finish) store(source, source.importer.finish(contextFor(source.summary, path)));
    const exploited = source.importer.knownExploited?.();
    if (exploited) db.putKnownExploited({ name: source.format.source, origin }, exploited);
    const recorded = db.recordSource({ name: source.format.source, origin });
    source.summary.advisories = recorded.advisories;
    source.summary.affected = recorded.affected;
    summary.sources.push(source.summary);
  }
}
