/**
 * Rule paths as a user gives them (files or directories) → rules, through a registry of loaders:
 * each rule language claims the files it recognises. Adding a language means adding one entry.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { UserError } from '@vigil/schema';
import { loadFalcoRules, type FalcoFile } from './falco/loader.ts';
import { isSigmaDocs, loadSigmaRules } from './sigma/loader.ts';
import { isVigilDocs, loadVigilRules } from './vigil/loader.ts';
import type { Rule, SkippedRule } from './rule.ts';

export interface RuleFile {
  path: string;
  text: string;
}

export interface LoadedRules {
  rules: Rule[];
  skipped: SkippedRule[];
  warnings: string[];
  /** `file:line: message` problems that stop a rule from loading (Vigil's own rules only). */
  errors: string[];
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

/** First match wins: Vigil files are Falco-shaped lists too, told apart by their rules' `title`. */
export const RULE_LOADERS: RuleLoader[] = [
  { name: 'vigil', accepts: isVigilDocs, load: loadVigilRules },
  {
    name: 'falco',
    accepts: (docs) =>
      docs.some((d) => Array.isArray(d) && d.some((i) => i !== null && typeof i === 'object' && FALCO_KEYS.some((k) => k in (i as object)))),
    load: (files: readonly FalcoFile[]) => ({ ...loadFalcoRules(files), errors: [] }),
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

/**
 * Load every rule file under `paths`, each through the loader of its language. A file holding
 * only lists and macros names no language; it joins the rule files of its own directory (a
 * pack's shared `lists.yaml`), else those of the whole load, else Falco's.
 */
export function loadRuleFiles(paths: readonly string[]): LoadedRules {
  const byLoader = new Map<RuleLoader, RuleFile[]>();
  const definitionsOnly: RuleFile[] = [];
  const notRuleFiles: string[] = [];
  const named = new Set(paths);
  for (const path of ruleFilePaths(paths)) {
    const text = readFileSync(path, 'utf8');
    const parsed = parseAllDocuments(text);
    for (const d of parsed) {
      const err = d.errors[0];
      if (err) throw new UserError(`${path}:${err.linePos?.[0]?.line ?? 0}: invalid YAML: ${err.message.split('\n')[0]}`, 'BAD_RULES');
    }
    const docs = parsed.map((d) => d.toJS() as unknown);
    const loader = RULE_LOADERS.find((l) => l.accepts(docs));
    const notRules = `${path}: not a rules file in a language Vigil reads (${RULE_LOADERS.map((l) => l.name).join(', ')})`;
    // A pack directory also holds other YAML (compliance benchmarks): skip those, but a file named outright must be rules.
    if (!loader && named.has(path)) throw new UserError(notRules, 'BAD_RULES');
    if (!loader) notRuleFiles.push(`${notRules}; skipped`);
    else if (!hasRules(docs)) definitionsOnly.push({ path, text });
    else byLoader.set(loader, [...(byLoader.get(loader) ?? []), { path, text }]);
  }
  for (const f of definitionsOnly) {
    const loaders = [...byLoader.keys()];
    const sameDir = loaders.filter((l) => byLoader.get(l)!.some((r) => dirname(r.path) === dirname(f.path)));
    const loader = sameDir.length === 1 ? sameDir[0] : loaders.length === 1 ? loaders[0] : RULE_LOADERS.find((l) => l.name === 'falco')!;
    byLoader.set(loader, [f, ...(byLoader.get(loader) ?? [])]);
  }
  const out: LoadedRules = { rules: [], skipped: [], warnings: notRuleFiles, errors: [] };
  for (const [loader, files] of byLoader) {
    const r = loader.load(files);
    out.rules.push(...r.rules);
    out.skipped.push(...r.skipped);
    out.warnings.push(...r.warnings);
    out.errors.push(...r.errors);
  }
  return out;
}

/** As `loadRuleFiles`, refusing rules with errors: the first error, and how many more `vigil rules lint` would list. */
export function loadRulePaths(paths: readonly string[]): LoadedRules {
  const loaded = loadRuleFiles(paths);
  const [first, ...more] = loaded.errors;
  if (first !== undefined) throw new UserError(`${first}${more.length ? ` (and ${more.length} more: vigil rules lint lists them)` : ''}`, 'BAD_RULES');
  return loaded;
}

const hasRules = (docs: readonly unknown[]) => docs.some((d) => !Array.isArray(d) || d.some((i) => i !== null && typeof i === 'object' && 'rule' in i));
