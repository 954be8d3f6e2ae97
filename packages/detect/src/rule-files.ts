/**
 * Rule paths as a user gives them (files or directories) → rules, through a registry of loaders:
 * each rule language claims the files it recognises. Adding a language means adding one entry.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { UserError } from '@vigil/schema';
import { loadFalcoRules, type FalcoFile } from './falco/loader.ts';
import { isSigmaDocs, loadSigmaRules } from './sigma/loader.ts';
import type { Rule, SkippedRule } from './rule.ts';

export interface RuleFile {
  path: string;
  text: string;
}

export interface LoadedRules {
  rules: Rule[];
  skipped: SkippedRule[];
  warnings: string[];
}

export interface RuleLoader {
  /** Language name, used in messages. */
  name: string;
  /** Whether this file is in the loader's language (looking at its parsed YAML documents). */
  accepts(docs: readonly unknown[]): boolean;
  /** Load all of the language's files at once: definitions may span files (Falco macros). */
  load(files: readonly RuleFile[]): LoadedRules;
}

const FALCO_KEYS = ['rule', 'macro', 'list', 'required_engine_version', 'required_plugin_versions'];

export const RULE_LOADERS: RuleLoader[] = [
  {
    name: 'falco',
    accepts: (docs) =>
      docs.some((d) => Array.isArray(d) && d.some((i) => i !== null && typeof i === 'object' && FALCO_KEYS.some((k) => k in (i as object)))),
    load: (files: readonly FalcoFile[]) => loadFalcoRules(files),
  },
  { name: 'sigma', accepts: isSigmaDocs, load: loadSigmaRules },
];

const RULE_EXTENSIONS = /\.ya?ml$/i;

/** Files named by `paths`, directories expanded to their YAML files (recursively, sorted). */
export function ruleFilePaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (p: string, explicit: boolean) => {
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      throw new UserError(`${p}: cannot read rules: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'BAD_RULES');
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) visit(join(p, name), false);
    } else if (explicit || RULE_EXTENSIONS.test(p)) out.push(p);
  };
  for (const p of paths) visit(p, true);
  return out;
}

/** Load every rule file under `paths`, each through the loader of its language. */
export function loadRulePaths(paths: readonly string[]): LoadedRules {
  const byLoader = new Map<RuleLoader, RuleFile[]>();
  for (const path of ruleFilePaths(paths)) {
    const text = readFileSync(path, 'utf8');
    const parsed = parseAllDocuments(text);
    for (const d of parsed) {
      const err = d.errors[0];
      if (err) throw new UserError(`${path}:${err.linePos?.[0]?.line ?? 0}: invalid YAML: ${err.message.split('\n')[0]}`, 'BAD_RULES');
    }
    const docs = parsed.map((d) => d.toJS() as unknown);
    const loader = RULE_LOADERS.find((l) => l.accepts(docs));
    if (!loader) throw new UserError(`${path}: not a rules file in a language Vigil reads (${RULE_LOADERS.map((l) => l.name).join(', ')})`, 'BAD_RULES');
    byLoader.set(loader, [...(byLoader.get(loader) ?? []), { path, text }]);
  }
  const out: LoadedRules = { rules: [], skipped: [], warnings: [] };
  for (const [loader, files] of byLoader) {
    const r = loader.load(files);
    out.rules.push(...r.rules);
    out.skipped.push(...r.skipped);
    out.warnings.push(...r.warnings);
  }
  return out;
}
