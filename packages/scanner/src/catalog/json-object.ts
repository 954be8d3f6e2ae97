/** Reading a JSON document whose top level must be an object. */
import type { CatalogContext, CatalogFile } from './cataloger.ts';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parsed object, or a one-line reason why the bytes are not one. */
export function parseJsonObject(content: Buffer | string): JsonObject | string {
  let value: unknown;
  try {
    value = JSON.parse(content.toString().replace(/^\uFEFF/, ''));
  } catch (err) {
    return `not valid JSON (${(err as Error).message.replace(/\s+/g, ' ').slice(0, 120)})`;
  }
  return isObject(value) ? value : 'not a JSON object';
}

export function stringField(obj: JsonObject, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}

/** A wanted file's JSON object, or undefined after one warning naming the file. */
export async function readJsonObject(file: Pick<CatalogFile, 'path' | 'read'>, ctx: Pick<CatalogContext, 'warn'>): Promise<JsonObject | undefined> {
  const parsed = parseJsonObject(await file.read());
  if (typeof parsed !== 'string') return parsed;
  ctx.warn(`${file.path}: ${parsed}`);
  return undefined;
}
