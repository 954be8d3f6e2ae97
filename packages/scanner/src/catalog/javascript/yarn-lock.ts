/**
 * yarn.lock in both of its formats: Yarn 1's own indented text format, and Yarn 2+ ("Berry")
 * YAML, recognised by its `__metadata` block.
 */
import { parse as parseYaml } from 'yaml';
import type { Cataloger } from '../cataloger.ts';
import { isObject, type JsonObject } from '../json-object.ts';
import { isProjectLockfile } from './lockfile-path.ts';
import { npmPackages, splitNameAtVersion, type NpmEntry } from './npm-package.ts';

/** Protocols naming code that lives in the project (or patches of another entry): not registry packages. */
const LOCAL_PROTOCOLS = new Set(['workspace', 'link', 'portal', 'file', 'exec', 'patch']);

export const yarnLockCataloger: Cataloger = {
  name: 'yarn-lock',
  wants: (path) => isProjectLockfile(path, 'yarn.lock'),
  async catalog(file, ctx) {
    const text = (await file.read()).toString('utf8');
    const entries = /^__metadata:/m.test(text) ? berryEntries(text) : classicEntries(text);
    if (typeof entries === 'string') {
      ctx.warn(`${file.path}: ${entries}`);
      return {};
    }
    return { packages: npmPackages(entries, file) };
  },
};

function protocolOf(range: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(range)?.[1]?.toLowerCase();
}

/** `name@range` → its parts; a bare `name` (seen in hand-edited files) has an empty range. */
function descriptor(spec: string): { name: string; range: string } {
  const parts = splitNameAtVersion(spec);
  return parts ? { name: parts.name, range: parts.version } : { name: spec, range: '' };
}

function unquote(token: string): string {
  const t = token.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
}

/**
 * Yarn 1: a header line of comma-separated specs (`"a@^1", a@~1.2:`) at column 0, then
 * two-space indented `key value` lines (keys and values optionally quoted), then deeper
 * indented sub-maps such as `dependencies:` that we do not need.
 */
function classicEntries(text: string): NpmEntry[] | string {
  const entries: NpmEntry[] = [];
  let specs: string[] | undefined;
  let version: string | undefined;
  const flush = () => {
    if (specs && version) entries.push(...classicEntry(specs, version));
    specs = version = undefined;
  };
  for (const raw of text.split(/\r?\n/)) {
    if (!raw.trim() || raw.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      flush();
      if (!raw.endsWith(':')) return `line "${raw.slice(0, 60)}" is not a yarn.lock entry header`;
      specs = raw.slice(0, -1).split(/,\s*/).map(unquote).filter(Boolean);
    } else if (/^ {2}\S/.test(raw) && specs) {
      const m = /^ {2}("(?:[^"\\]|\\.)*"|\S+)\s+(.*)$/.exec(raw);
      if (m && unquote(m[1]) === 'version') version = unquote(m[2]);
    }
  }
  flush();
  return entries;
}

function classicEntry(specs: string[], version: string): NpmEntry[] {
  const { name, range } = descriptor(specs[0]);
  const protocol = protocolOf(range);
  if (protocol && LOCAL_PROTOCOLS.has(protocol)) return [];
  // An alias header `alias@npm:real@^1` installs the package `real`.
  const aliased = protocol === 'npm' ? splitNameAtVersion(range.slice(4)) : undefined;
  return [{ name: aliased?.name ?? name, version }];
}

/**
 * Yarn 2+: a YAML map from comma-joined descriptors to `{ version, resolution }`, where
 * `resolution` (`name@npm:1.2.3`) names the package actually installed. Workspace entries list
 * their dependencies, which tells direct from transitive.
 */
function berryEntries(text: string): NpmEntry[] | string {
  let doc: unknown;
  try {
    // Repeated keys are harmless here (same descriptor, same resolution); do not reject the file.
    doc = parseYaml(text, { uniqueKeys: false });
  } catch (err) {
    return `not valid YAML (${(err as Error).message.split('\n')[0]})`;
  }
  if (!isObject(doc)) return 'not a yarn.lock map';
  const records = Object.entries(doc).filter(
    (e): e is [string, JsonObject] => e[0] !== '__metadata' && isObject(e[1]),
  );

  const directDescriptors = new Set<string>();
  let sawWorkspace = false;
  for (const [, record] of records) {
    if (!String(record.resolution ?? '').includes('@workspace:')) continue;
    sawWorkspace = true;
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const deps = record[field];
      if (!isObject(deps)) continue;
      for (const [name, range] of Object.entries(deps)) {
        const r = String(range);
        directDescriptors.add(`${name}@${protocolOf(r) ? r : `npm:${r}`}`);
      }
    }
  }

  const entries: NpmEntry[] = [];
  for (const [key, record] of records) {
    if (typeof record.resolution !== 'string') continue;
    const { name, range } = descriptor(record.resolution);
    const protocol = protocolOf(range);
    if (!protocol || LOCAL_PROTOCOLS.has(protocol)) continue;
    const version = protocol === 'npm' ? range.slice(4) : String(record.version ?? '');
    const descriptors = key.split(/,\s*/).map(unquote);
    const indirect = sawWorkspace ? !descriptors.some((d) => directDescriptors.has(d)) : undefined;
    entries.push({ name, version, indirect });
  }
  return entries;
}
