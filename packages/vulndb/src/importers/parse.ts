import { parse as parseYaml } from 'yaml';
import type { ParsedFile } from './format.ts';

/**
 * Parse a file by its name: JSON, YAML (failsafe schema, so `1.10` stays the string "1.10"),
 * text for Markdown and tracker `list` files; undefined for names no format uses. Throws on
 * malformed JSON/YAML.
 */
export function parseByName(path: string, data: Buffer): ParsedFile | undefined {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('!')) + 1).toLowerCase();
  const text = () => data.toString('utf8').replace(/^\uFEFF/, '');
  if (name.endsWith('.json')) return { kind: 'json', doc: JSON.parse(text()) };
  if (name.endsWith('.yaml') || name.endsWith('.yml')) {
    return { kind: 'yaml', doc: parseYaml(text(), { schema: 'failsafe', uniqueKeys: false }) };
  }
  if (name.endsWith('.md') || name === 'list') return { kind: 'text', text: text() };
  return undefined;
}
