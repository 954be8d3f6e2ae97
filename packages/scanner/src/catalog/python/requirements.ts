/**
 * pip requirements files. Only exact pins (`==`, `===`) say which version gets installed; ranges,
 * bare names, URLs, editable installs and nested `-r`/`-c` files do not, so they are skipped
 * rather than guessed.
 */
import type { Cataloger } from '../cataloger.ts';
import { projectFileName } from './project-file.ts';
import { pypiPackages, type PypiEntry } from './pypi-package.ts';

/** `requirements.txt`, `requirements-dev.txt`, `test-requirements.txt`, `requirements/base.txt`. */
const REQUIREMENTS_NAME = /requirements[^/]*\.txt$/i;
/** `name[extra, …] == version`, after markers, options and comments are removed. */
const PINNED = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([^\s,;=<>!~*'"]+)$/;

export const requirementsCataloger: Cataloger = {
  name: 'pip-requirements',
  wants(path) {
    const name = projectFileName(path);
    return name !== undefined && (REQUIREMENTS_NAME.test(name) || /(?:^|\/)requirements\/[^/]+\.txt$/i.test(path));
  },
  async catalog(file) {
    return { packages: pypiPackages(pinnedRequirements(decode(await file.read())), file) };
  },
};

/** pip honours a byte-order mark; Windows tools write UTF-16 requirements files. */
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

export function* pinnedRequirements(text: string): Generator<PypiEntry> {
  // A trailing backslash continues the line (long --hash lists).
  for (const logical of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const line = logical
      .replace(/#.*$/, '') // comment, also one glued to the version (`pkg==1.0#note`)
      .replace(/;.*$/, '') // environment marker
      .replace(/\s--?[A-Za-z][\w-]*(?:[=\s]\S+)?/g, '') // per-requirement options (--hash=…)
      .trim();
    if (!line || line.startsWith('-')) continue; // -r, -c, -e, --index-url …
    const m = PINNED.exec(line);
    if (m) yield { name: m[1], version: m[2] };
  }
}
