/**
 * Falco rules files, loaded unmodified: `list`, `macro` and `rule` items in file order, with
 * `append: true` and `override:` (append or replace per key), `enabled`, exceptions,
 * `required_engine_version`, priorities, tags and output templates. Definitions are resolved
 * after every file is read, as Falco does, so a macro may be used before the file defining it.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { UserError } from '@vigil/schema';
import type { Expr } from '../condition/ast.ts';
import { parseCondition } from '../condition/parser.ts';
import { attackFromTags, type AlertSeverity, type Rule, type SkippedRule } from '../rule.ts';
import { Expander, exceptionExpr, type FalcoException } from './expand.ts';
import { resolveFalcoField } from './fields.ts';
import { compileOutput } from './output.ts';

/** The Falco rules-engine version whose condition language and fields this loader implements. */
export const FALCO_ENGINE_VERSION = '0.57.0';

export interface FalcoFile {
  path: string;
  text: string;
}

export interface FalcoRuleSet {
  rules: Rule[];
  /** Rules dropped while loading (syntax, undefined macro, non-syscall source); the engine adds compile skips. */
  skipped: SkippedRule[];
  warnings: string[];
}

interface RuleDef {
  name: string;
  file: string;
  desc?: string;
  condition?: string;
  output?: string;
  priority?: string;
  tags: string[];
  enabled: boolean;
  source: string;
  exceptions: FalcoException[];
}

const PRIORITY: Record<string, AlertSeverity> = {
  emergency: 'critical',
  alert: 'critical',
  critical: 'critical',
  error: 'high',
  warning: 'medium',
  notice: 'low',
  informational: 'info',
  info: 'info',
  debug: 'info',
};

/** Falco accepts `INFO` for informational. */
const LEVEL_ALIASES: Record<string, string> = { info: 'informational' };

export function loadFalcoRuleFiles(paths: readonly string[]): FalcoRuleSet {
  return loadFalcoRules(
    paths.map((path) => {
      try {
        return { path, text: readFileSync(path, 'utf8') };
      } catch (err) {
        throw new UserError(`${path}: cannot read rules file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'BAD_RULES');
      }
    }),
  );
}

export function loadFalcoRules(files: readonly FalcoFile[]): FalcoRuleSet {
  const state = new LoadState();
  for (const f of files) state.file(f);
  return state.finish();
}

type Item = Record<string, unknown>;

class LoadState {
  private readonly lists = new Map<string, string[]>();
  private readonly macros = new Map<string, string>();
  private readonly rules = new Map<string, RuleDef>();
  private readonly skipped: SkippedRule[] = [];
  private readonly warnings: string[] = [];

  file(f: FalcoFile): void {
    const docs = parseAllDocuments(f.text, { uniqueKeys: false });
    for (const doc of docs) {
      const err = doc.errors[0];
      if (err) throw new UserError(`${f.path}:${err.linePos?.[0]?.line ?? 0}: invalid YAML: ${err.message.split('\n')[0]}`, 'BAD_RULES');
      const items: unknown = doc.toJS();
      if (items === null || items === undefined) continue;
      if (!Array.isArray(items)) throw new UserError(`${f.path}: a Falco rules file is a YAML list of items`, 'BAD_RULES');
      for (const item of items) {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) this.warnings.push(`${f.path}: ignored an item that is not a mapping`);
        else this.item(item as Item, f.path);
      }
    }
  }

  private item(it: Item, file: string): void {
    if ('required_engine_version' in it) this.engineVersion(String(it.required_engine_version), file);
    else if ('required_plugin_versions' in it) return;
    else if ('list' in it) this.list(it, file);
    else if ('macro' in it) this.macro(it, file);
    else if ('rule' in it) this.rule(it, file);
    else this.warnings.push(`${file}: ignored unknown item with keys ${Object.keys(it).join(', ')}`);
  }

  private engineVersion(v: string, file: string): void {
    // Before 0.35 Falco numbered the engine with a plain integer; any such file predates us.
    if (!/^\d+$/.test(v) && compareVersions(v, FALCO_ENGINE_VERSION) > 0) this.warnings.push(`${file}: requires Falco engine ${v}; Vigil implements ${FALCO_ENGINE_VERSION}, newer fields may be skipped`);
  }

  private list(it: Item, file: string): void {
    const name = String(it.list);
    const items = Array.isArray(it.items) ? it.items.map(String) : [];
    const mode = modeFor(it, 'items');
    const old = this.lists.get(name);
    if (mode === 'append') {
      if (!old) this.warnings.push(`${file}: list ${name}: append to an undefined list`);
      this.lists.set(name, [...(old ?? []), ...items]);
    } else this.lists.set(name, items);
  }

  private macro(it: Item, file: string): void {
    const name = String(it.macro);
    const cond = String(it.condition ?? '');
    const old = this.macros.get(name);
    if (modeFor(it, 'condition') === 'append') {
      if (old === undefined) this.warnings.push(`${file}: macro ${name}: append to an undefined macro`);
      this.macros.set(name, old === undefined ? cond : `${old} ${cond}`);
    } else this.macros.set(name, cond);
  }

  private rule(it: Item, file: string): void {
    const name = String(it.rule);
    const existing = this.rules.get(name);
    const isOverride = it.append === true || (it.override !== undefined && typeof it.override === 'object');
    if (isOverride || (existing && it.condition === undefined)) {
      if (!existing) {
        this.warnings.push(`${file}: rule ${name}: override of an undefined rule ignored`);
        return;
      }
      this.overrideRule(existing, it);
      return;
    }
    if (it.condition === undefined) {
      this.warnings.push(`${file}: rule ${name}: no condition; ignored`);
      return;
    }
    this.rules.set(name, {
      name,
      file,
      desc: it.desc === undefined ? undefined : String(it.desc),
      condition: String(it.condition),
      output: it.output === undefined ? undefined : String(it.output),
      priority: it.priority === undefined ? undefined : String(it.priority),
      tags: Array.isArray(it.tags) ? it.tags.map(String) : [],
      enabled: it.enabled !== false,
      source: it.source === undefined ? 'syscall' : String(it.source),
      exceptions: exceptionsOf(it.exceptions),
    });
  }

  private overrideRule(r: RuleDef, it: Item): void {
    const str = (k: string) => (it[k] === undefined ? undefined : String(it[k]));
    const join = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined ? a : `${a} ${b}`);
    const keyed: Record<string, (mode: 'append' | 'replace') => void> = {
      condition: (m) => (r.condition = m === 'append' ? join(r.condition, str('condition')) : str('condition')),
      output: (m) => (r.output = m === 'append' ? join(r.output, str('output')) : str('output')),
      desc: (m) => (r.desc = m === 'append' ? join(r.desc, str('desc')) : str('desc')),
      priority: () => (r.priority = str('priority')),
      enabled: () => (r.enabled = it.enabled !== false),
      tags: (m) => {
        const tags = Array.isArray(it.tags) ? it.tags.map(String) : [];
        r.tags = m === 'append' ? [...r.tags, ...tags] : tags;
      },
      exceptions: (m) => (r.exceptions = m === 'append' ? mergeExceptions(r.exceptions, exceptionsOf(it.exceptions)) : exceptionsOf(it.exceptions)),
    };
    for (const [key, apply] of Object.entries(keyed)) {
      if (it[key] === undefined) continue;
      apply(key === 'enabled' && it.append !== true && it.override === undefined ? 'replace' : modeFor(it, key));
    }
  }

  finish(): FalcoRuleSet {
    const expander = new Expander({ lists: this.lists, macros: this.macros });
    const rules: Rule[] = [];
    for (const def of this.rules.values()) {
      const skip = (reason: string) => this.skipped.push({ name: def.name, source: 'falco', file: def.file, reason });
      if (def.source !== 'syscall') {
        skip(`source ${def.source} is not syscall events`);
        continue;
      }
      if (def.output === undefined || def.priority === undefined) {
        skip(`rule has no ${def.output === undefined ? 'output' : 'priority'}`);
        continue;
      }
      const severity = PRIORITY[def.priority.toLowerCase()];
      if (!severity) {
        skip(`unknown priority ${def.priority}`);
        continue;
      }
      let condition: Expr;
      try {
        condition = expander.expand(parseCondition(def.condition ?? ''));
        const excepted = def.exceptions.map((ex) => exceptionExpr(ex, expander)).filter((e) => !(e.type === 'const' && !e.value));
        if (excepted.length) condition = { type: 'and', items: [condition, ...excepted.map((e): Expr => ({ type: 'not', expr: e }))] };
      } catch (err) {
        skip((err as Error).message);
        continue;
      }
      rules.push({
        id: `falco:${slug(def.name)}`,
        name: def.name,
        source: 'falco',
        file: def.file,
        description: def.desc?.trim(),
        severity,
        level: LEVEL_ALIASES[def.priority.toLowerCase()] ?? def.priority.toLowerCase(),
        ...attackFromTags(def.tags),
        tags: def.tags,
        enabled: def.enabled,
        condition,
        resolve: resolveFalcoField,
        output: compileOutput(def.output.trim(), resolveFalcoField),
      });
    }
    return { rules, skipped: this.skipped, warnings: this.warnings };
  }
}

/** How `key` is changed by an override item: `override: {key: append|replace}` or legacy `append: true`. */
function modeFor(it: Item, key: string): 'append' | 'replace' {
  if (it.override && typeof it.override === 'object') {
    const m = (it.override as Record<string, unknown>)[key];
    if (m === 'append' || m === 'replace') return m;
  }
  return it.append === true ? 'append' : 'replace';
}

function exceptionsOf(v: unknown): FalcoException[] {
  if (!Array.isArray(v)) return [];
  return v.filter((e): e is FalcoException => e !== null && typeof e === 'object' && typeof (e as FalcoException).name === 'string');
}

/** Appending an exception with a known name adds its values; a new name adds the exception. */
function mergeExceptions(base: FalcoException[], more: FalcoException[]): FalcoException[] {
  const out: FalcoException[] = base.map((e) => ({ ...e, values: [...(e.values ?? [])] }));
  for (const m of more) {
    const hit = out.find((e) => e.name === m.name);
    if (hit) hit.values = [...(hit.values ?? []), ...(m.values ?? [])];
    else out.push(m);
  }
  return out;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
