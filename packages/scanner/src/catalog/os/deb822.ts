/**
 * Debian control-file syntax (deb822), as dpkg writes its status database: stanzas separated by
 * blank lines, `Field: value` lines, continuation lines starting with a space or tab. Field names
 * are case-insensitive and are returned lower-cased.
 */
export interface Stanza {
  fields: Map<string, string>;
  /** Lines that were neither a field nor a continuation: the stanza is damaged. */
  malformed: boolean;
}

export function parseStanzas(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza | undefined;
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) {
      current = undefined;
      last = undefined;
      continue;
    }
    if (line.startsWith('#')) continue;
    if (!current) stanzas.push((current = { fields: new Map(), malformed: false }));
    if (line[0] === ' ' || line[0] === '\t') {
      if (last === undefined) current.malformed = true;
      else current.fields.set(last, `${current.fields.get(last)}\n${line.slice(1)}`);
      continue;
    }
    const m = /^([^\s:][^:]*):(.*)$/.exec(line);
    if (!m) {
      current.malformed = true;
      last = undefined;
      continue;
    }
    last = m[1].trim().toLowerCase();
    current.fields.set(last, m[2].trim());
  }
  return stanzas;
}
