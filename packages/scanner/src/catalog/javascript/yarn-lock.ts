/**
 * yarn.lock in both of its formats: Yarn 1's own indented text format, and Yarn 2+ ("Berry")
 * YAML, recognised by its `__metadata` block.
 */
import { parse as parseYaml } from 'yaml';
import type { Cataloger } from '../cataloger.ts';
import { isObject, type JsonObject } from '../json-object.ts';
import { isProjectLockfile } from './lockfile-path.ts';
import { aliasTarget, npmPackages, splitNameAtVersion, type NpmEntry } from './npm-package.ts';

/** Protocols naming code that lives in the project (or patches of another entry): not registry packages. */
const LOCAL_PROTOCOLS = new Set(['workspace', 'link', 'portal', 'file', 'exec', 'patch']);
/** Maps of an entry that name installed dependencies (peer ranges are resolved by the parent's own). */
const DEPENDENCY_MAPS = ['dependencies', 'optionalDependencies'];

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
 * two-space indented `key value` lines (keys and values optionally quoted), and sub-maps such as
 * `dependencies:` whose four-space indented `name range` lines are specs of other entries' headers.
 */
interface ClassicBlock {
  specs: string[];
  version?: string;
  /** Specs (`name@range`) of what this entry depends on. */
  needs: string[];
}

function classicEntries(text: string): NpmEntry[] | string {
  const blocks: ClassicBlock[] = [];
  let block: ClassicBlock | undefined;
  let inDependencies = false;
  for (const raw of text.split(/\r?\n/)) {
    if (!raw.trim() || raw.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      if (!raw.endsWith(':')) return `line "${raw.slice(0, 60)}" is not a yarn.lock entry header`;
      blocks.push((block = { specs: raw.slice(0, -1).split(/,\s*/).map(unquote).filter(Boolean), needs: [] }));
      inDependencies = false;
    } else if (block && /^ {2}\S/.test(raw)) {
      const field = /^ {2}("(?:[^"\\]|\\.)*"|\S+?):?(?:\s+(.*))?$/.exec(raw);
      const key = field ? unquote(field[1]) : '';
      if (key === 'version' && field?.[2]) block.version = unquote(field[2]);
      inDependencies = DEPENDENCY_MAPS.includes(key) && !field?.[2];
    } else if (block && inDependencies && /^ {4}\S/.test(raw)) {
      const dep = /^ {4}("(?:[^"\\]|\\.)*"|\S+)\s+(.*)$/.exec(raw);
      if (dep) block.needs.push(`${unquote(dep[1])}@${unquote(dep[2])}`);
    }
  }

  const idOfSpec = new Map<string, string>();
  const located = blocks.flatMap((b) => {
    const entry = b.version ? classicEntry(b.specs, b.version) : undefined;
    if (entry) for (const spec of b.specs) idOfSpec.set(spec, `${entry.name}@${entry.version}`);
    return entry ? [{ entry, needs: b.needs }] : [];
  });
  return located.map(({ entry, needs }) => ({ ...entry, dependsOn: needs.flatMap((spec) => idOfSpec.get(spec) ?? []) }));
}

/** The registry package a header names, or nothing for local code. */
function classicEntry(specs: string[], version: string): NpmEntry | undefined {
  const { name, range } = descriptor(specs[0]);
  const protocol = protocolOf(range);
  if (protocol && LOCAL_PROTOCOLS.has(protocol)) return undefined;
  // An alias header `alias@npm:real@^1` installs the package `real`.
  return { name: aliasTarget(range) ?? name, version };
}

/**
 * Yarn 2+: a YAML map from comma-joined descriptors to `{ version, resolution, dependencies }`,
 * where `resolution` (`name@npm:1.2.3`) names the package actually installed and `dependencies`
 * maps names to ranges that, as `name@range` descriptors, are keys of other entries. Workspace
 * entries list their dependencies, which tells direct from transitive.
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
      for (const d of berryDependencies(record, field)) directDescriptors.add(d);
    }
  }

  const located: { entry: NpmEntry; record: JsonObject }[] = [];
  const idOfDescriptor = new Map<string, string>();
  for (const [key, record] of records) {
    if (typeof record.resolution !== 'string') continue;
    const { name, range } = descriptor(record.resolution);
    const protocol = protocolOf(range);
    const descriptors = key.split(/,\s*/).map(unquote).map(withProtocol);
    // A patch of a registry package stands for the package it patches, which is listed too.
    if (protocol === 'patch' && record.version !== undefined) {
      for (const d of descriptors) idOfDescriptor.set(d, `${name}@${String(record.version)}`);
    }
    if (!protocol || LOCAL_PROTOCOLS.has(protocol)) continue;
    const version = protocol === 'npm' ? range.slice(4) : String(record.version ?? '');
    for (const d of descriptors) idOfDescriptor.set(d, `${name}@${version}`);
    const indirect = sawWorkspace ? !descriptors.some((d) => directDescriptors.has(d)) : undefined;
    located.push({ entry: { name, version, indirect }, record });
  }
  return located.map(({ entry, record }) => ({
    ...entry,
    dependsOn: DEPENDENCY_MAPS.flatMap((f) => berryDependencies(record, f)).flatMap((d) => idOfDescriptor.get(d) ?? []),
  }));
}

/** `name@range` descriptors of one dependency map of a record. */
function berryDependencies(record: JsonObject, field: string): string[] {
  const deps = record[field];
  return isObject(deps) ? Object.entries(deps).map(([name, range]) => withProtocol(`${name}@${String(range)}`)) : [];
}

/** Yarn 2 lockfiles may leave the default `npm:` protocol out of a range. */
function withProtocol(descriptorText: string): string {
  const { name, range } = descriptor(descriptorText);
  return protocolOf(range) ? descriptorText : `${name}@npm:${range}`;
}
