/**
 * package.json `license` / legacy `licenses` fields: a string (SPDX expression), an object
 * `{ type }`, or an array of either.
 */
export function npmLicenses(...fields: unknown[]): string[] | undefined {
  const out: string[] = [];
  const add = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) add(v);
    } else if (typeof value === 'string') {
      const trimmed = value.trim();
      if (trimmed && !out.includes(trimmed)) out.push(trimmed);
    } else if (value && typeof value === 'object' && 'type' in value) {
      add((value as { type: unknown }).type);
    }
  };
  for (const field of fields) add(field);
  return out.length ? out : undefined;
}
