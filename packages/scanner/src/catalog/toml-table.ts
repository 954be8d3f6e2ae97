/** Reading a TOML lockfile. */
import { parse } from 'smol-toml';
import type { CatalogContext, CatalogFile } from './cataloger.ts';

export type TomlTable = Record<string, unknown>;

export function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The top-level table, or a one-line reason why the bytes are not TOML. */
export function parseToml(bytes: Buffer): TomlTable | string {
  try {
    return parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    return `not valid TOML (${(err as Error).message.split('\n')[0]})`;
  }
}

/** `[[name]]` array-of-tables entries that are tables. */
export function tables(value: unknown): TomlTable[] {
  return Array.isArray(value) ? value.filter(isTable) : [];
}

export function stringOf(table: TomlTable, key: string): string | undefined {
  const v = table[key];
  return typeof v === 'string' ? v : undefined;
}

/** A wanted file's TOML document, or undefined after one warning naming the file. */
export async function readToml(file: Pick<CatalogFile, 'path' | 'read'>, ctx: Pick<CatalogContext, 'warn'>): Promise<TomlTable | undefined> {
  const parsed = parseToml(await file.read());
  if (typeof parsed !== 'string') return parsed;
  ctx.warn(`${file.path}: ${parsed}`);
  return undefined;
}
