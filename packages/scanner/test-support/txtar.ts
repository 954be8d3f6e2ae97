/** Test support: Go's txtar archives (a comment, then `-- path --` lines each followed by that file's text), as used by Trivy's analyzer fixtures. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function txtarFiles(text: string): Map<string, string> {
  const files = new Map<string, string>();
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const header = /^-- (.+) --$/.exec(line);
    if (header) files.set((current = header[1]), '');
    else if (current !== undefined) files.set(current, `${files.get(current)}${line}\n`);
  }
  return files;
}

/** The archive's files written under a new temporary directory, which is returned. */
export function txtarDirectory(archivePath: string): string {
  const root = mkdtempSync(join(tmpdir(), 'vigil-txtar-'));
  for (const [path, content] of txtarFiles(readFileSync(archivePath, 'utf8'))) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
