/**
 * Installed distributions: core metadata (RFC 822 style headers) in `<name>.dist-info/METADATA`
 * (wheels), `<name>.egg-info/PKG-INFO` (setuptools installs), `<name>.egg/EGG-INFO/PKG-INFO`
 * (eggs) or a bare `<name>.egg-info` file (distutils, e.g. Debian's python packages).
 */
import type { Cataloger } from '../cataloger.ts';
import { pypiPackages } from './pypi-package.ts';

const METADATA_FILE = /(?:^|\/)(?:[^/]+\.dist-info\/METADATA|[^/]+\.egg-info\/PKG-INFO|[^/]+\.egg\/EGG-INFO\/PKG-INFO|[^/]+\.egg-info)$/i;

export const installedMetadataCataloger: Cataloger = {
  name: 'python-installed',
  wants: (path) => METADATA_FILE.test(path),
  async catalog(file, ctx) {
    const headers = parseHeaders((await file.read()).toString('utf8'));
    const name = headers.get('name')?.[0];
    const version = headers.get('version')?.[0];
    if (!name || !version) {
      ctx.warn(`${file.path}: no Name and Version headers; not Python package metadata`);
      return {};
    }
    return { packages: pypiPackages([{ name, version, licenses: licensesOf(headers) }], file) };
  },
};

/**
 * Header block up to the first blank line (the long description follows it in metadata 2.1+).
 * Continuation lines start with whitespace; header names are case-insensitive. Metadata 1.x
 * writes `Description:` as a continued header whose paragraphs are separated by blank lines, with
 * more headers (Classifier…) after it, so blank lines inside a Description do not end the headers.
 */
export function parseHeaders(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let last: string[] | undefined;
  let lastKey = '';
  for (const line of lines) {
    if (!line.trim()) {
      if (lastKey === 'description') continue;
      break;
    }
    if (/^[ \t]/.test(line)) {
      if (last) last[last.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const values = headers.get(key) ?? [];
    values.push(line.slice(colon + 1).trim());
    headers.set((lastKey = key), (last = values));
  }
  return headers;
}

/**
 * `License-Expression` (PEP 639) when present; else a one-line `License` (a multi-line one is
 * the full license text, not a name); else the names in `License ::` trove classifiers.
 */
function licensesOf(headers: Map<string, string[]>): string[] | undefined {
  const expression = headers.get('license-expression')?.[0];
  if (expression) return [expression];
  const license = headers.get('license')?.[0];
  if (license && !license.includes('\n') && license.toUpperCase() !== 'UNKNOWN') return [license];
  const fromClassifiers = (headers.get('classifier') ?? [])
    .map((c) => c.split('::').map((s) => s.trim()))
    .filter((parts) => parts[0] === 'License' && parts.length > 2)
    .map((parts) => parts[parts.length - 1]);
  return fromClassifiers.length ? fromClassifiers : undefined;
}
