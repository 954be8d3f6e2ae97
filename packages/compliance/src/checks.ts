/**
 * Declarative check files (`rules/compliance/*.yaml`): a benchmark's groups and checks, each check
 * an id, bilingual title, rationale, remediation, references, mappings, the profiles it belongs to
 * and one `audit` naming a probe. Compiled on load, so every mistake in a file is found at once.
 */
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { findShippedPath, UserError } from '@vigil/schema';
import type { Bilingual, Mappings } from './model.ts';
import { Spec, type Audit } from './probes/probe.ts';
import { probeFor } from './probes/registry.ts';

export interface CheckDefinition {
  id: string;
  title: Bilingual;
  group?: string;
  rationale?: string;
  remediation?: string;
  references?: string[];
  mappings?: Mappings;
  profiles: string[];
  scored: boolean;
  audit: Audit;
}

export interface CheckFile {
  benchmark: string;
  title: Bilingual;
  groups: { id: string; title: Bilingual }[];
  checks: CheckDefinition[];
}

/**
 * The shipped check files: `rules/compliance/` at the repository root, found by walking up from
 * this module (the sources and the CLI bundle sit at different depths).
 */
const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_CHECKS_DIR = findShippedPath(here, 'rules/compliance') ?? join(here, 'rules/compliance');

export async function loadCheckDir(dir = DEFAULT_CHECKS_DIR): Promise<CheckFile[]> {
  const names = (await readdir(dir).catch(() => {
    throw new UserError(`cannot read the check directory ${dir}`, 'ENOENT');
  })).filter((n) => /\.ya?ml$/.test(n)).sort();
  return Promise.all(names.map(async (n) => parseCheckFile(await readFile(join(dir, n), 'utf8'), n)));
}

export function parseCheckFile(text: string, name: string): CheckFile {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new UserError(`${name}: not valid YAML (${(err as Error).message.split('\n')[0]})`, 'BAD_CHECK');
  }
  const o = (doc ?? {}) as Record<string, unknown>;
  if (typeof o.benchmark !== 'string') throw new UserError(`${name}: 'benchmark' is required`, 'BAD_CHECK');
  const benchmark = o.benchmark;
  const groups = ((o.groups ?? []) as Record<string, unknown>[]).map((g, i) => ({
    id: String(g.id),
    title: bilingual(g.title, `${name}: groups[${i}].title`),
  }));
  if (!Array.isArray(o.checks)) throw new UserError(`${name}: 'checks' must be a list`, 'BAD_CHECK');
  const seen = new Set<string>();
  const checks = o.checks.map((raw: Record<string, unknown>, i: number) => {
    const where = `${name}: check ${raw?.id ?? `#${i + 1}`}`;
    if (raw?.id === undefined) throw new UserError(`${where}: 'id' is required`, 'BAD_CHECK');
    const id = String(raw.id);
    if (seen.has(id)) throw new UserError(`${where}: duplicate id`, 'BAD_CHECK');
    seen.add(id);
    const audit = raw.audit as Record<string, unknown> | undefined;
    if (!audit || typeof audit.probe !== 'string') throw new UserError(`${where}: audit.probe is required`, 'BAD_CHECK');
    const check: CheckDefinition = {
      id,
      title: bilingual(raw.title, `${where}: title`),
      profiles: raw.profiles ? (raw.profiles as string[]).map(String) : [benchmark],
      scored: raw.scored !== false && audit.probe !== 'manual',
      audit: probeFor(audit.probe, where).compile(new Spec(audit, where)),
      ...(raw.group !== undefined ? { group: String(raw.group) } : {}),
      ...(typeof raw.rationale === 'string' ? { rationale: raw.rationale.trim() } : {}),
      ...(typeof raw.remediation === 'string' ? { remediation: raw.remediation.trim() } : {}),
      ...(Array.isArray(raw.references) ? { references: raw.references.map(String) } : {}),
      ...(raw.mappings ? { mappings: mappings(raw.mappings, where) } : {}),
    };
    return check;
  });
  return { benchmark, title: bilingual(o.title, `${name}: title`), groups, checks };
}

function bilingual(raw: unknown, where: string): Bilingual {
  const o = raw as Record<string, unknown> | undefined;
  if (!o || typeof o.en !== 'string' || typeof o.zh !== 'string') throw new UserError(`${where} needs both en and zh`, 'BAD_CHECK');
  return { en: o.en, zh: o.zh };
}

function mappings(raw: unknown, where: string): Mappings {
  const o = raw as Record<string, unknown>;
  const mlps = o.mlps === undefined ? undefined : Array.isArray(o.mlps) ? o.mlps.map(String) : [String(o.mlps)];
  if (mlps?.some((m) => !/^L3-[A-Z]{3}\d-\d{2}$/.test(m))) throw new UserError(`${where}: mappings.mlps items look like L3-CES1-01`, 'BAD_CHECK');
  return { ...(o.cis !== undefined ? { cis: String(o.cis) } : {}), ...(mlps ? { mlps } : {}) };
}
