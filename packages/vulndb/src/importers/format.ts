/**
 * The contract every advisory format implements. `importPaths` parses each file once by its
 * extension, asks each registered format whether the document is one of its own, and feeds it to
 * that format's importer.
 */
import type { Advisory } from '../advisory.ts';
import type { KnownExploited } from '../store-api.ts';

/** A file already parsed by extension: JSON, YAML (failsafe: every scalar a string), or text. */
export type ParsedFile =
  | { kind: 'json'; doc: unknown }
  | { kind: 'yaml'; doc: unknown }
  | { kind: 'text'; text: string };

export interface ParseContext {
  /** The file being read (archive entries as `archive!entry`). */
  readonly file: string;
  /** A record in this file that could not be imported; counted and reported with the file name. */
  error(message: string): void;
  /** A record deliberately left out (not an error); counted per reason. */
  skip(reason: string): void;
}

export interface FormatImporter {
  /** Advisories read from one file. Formats that merge records across files return them from finish(). */
  add(file: ParsedFile, ctx: ParseContext): Advisory[];
  finish?(ctx: ParseContext): Advisory[];
  /** Known-exploited CVE listings read so far (not advisories); taken once, after finish(). */
  knownExploited?(): KnownExploited[];
}

export interface AdvisoryFormat {
  /** Source name stored with the rows and set as `Advisory.source`. */
  readonly source: string;
  accepts(path: string, file: ParsedFile): boolean;
  /** A fresh importer per import run (formats that merge across files keep their state in it). */
  create(): FormatImporter;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(str).filter((s): s is string => s !== undefined) : [];
}

/** The last path segment without its extension: OSV files are named after their id. */
export function fileStem(path: string): string {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('!')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** A single-file importer: every file yields its advisories immediately. */
export function perFile(convert: (file: ParsedFile, ctx: ParseContext) => Advisory[]): () => FormatImporter {
  return () => ({ add: convert });
}
