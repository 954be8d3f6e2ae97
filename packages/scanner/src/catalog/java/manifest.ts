/**
 * JAR manifests (META-INF/MANIFEST.MF): `Name: value` headers in sections separated by blank
 * lines; a line starting with one space continues the previous value. Names are case-insensitive,
 * so they are kept lower-cased.
 */
export interface Manifest {
  /** The main section: attributes of the archive itself. */
  main: Map<string, string>;
  /** Per-entry sections (`Name: org/apache/axis`), in order. */
  entries: Map<string, string>[];
}

export function parseManifest(text: string): Manifest {
  const sections: Map<string, string>[] = [new Map()];
  let lastKey: string | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') {
      if (sections[sections.length - 1].size > 0) sections.push(new Map());
      lastKey = undefined;
      continue;
    }
    const section = sections[sections.length - 1];
    if (line.startsWith(' ')) {
      if (lastKey !== undefined) section.set(lastKey, section.get(lastKey) + line.slice(1));
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      lastKey = undefined;
      continue;
    }
    lastKey = line.slice(0, colon).trim().toLowerCase();
    section.set(lastKey, line.slice(colon + 1).replace(/^ +/, ''));
  }
  const [main, ...entries] = sections;
  return { main, entries: entries.filter((s) => s.size > 0) };
}

/**
 * An attribute of the archive: the main section's value, else the first entry section's (old Ant
 * builds put Implementation-* under `Name: <package>`).
 */
export function attribute(m: Manifest, name: string): string | undefined {
  const key = name.toLowerCase();
  const value = (m.main.get(key) ?? m.entries.find((s) => s.has(key))?.get(key))?.trim();
  return value || undefined;
}
