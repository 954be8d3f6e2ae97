/**
 * The server's rule set: the built-in pack (rules/ at the repository root, when present) plus
 * `--rules` paths, with each rule's enabled state overridden by what admins set (stored), and the
 * engine compiled from them. Toggling a rule recompiles; stateful windows restart then.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, builtInRulesDir, geoWarning, loadRulePaths, type GeoDatabase, type Rule, type SkippedRule } from '@vigil/detect';

/** Detection packs of the built-in rules (rules/compliance and rules/yara are for other engines). */
export function builtInRuleDirs(): string[] {
  const root = builtInRulesDir();
  return root ? ['runtime', 'k8s-audit'].map((d) => join(root, d)).filter((d) => existsSync(d)) : [];
}

export class RuleSet {
  private constructor(
    private readonly rules: Rule[],
    readonly skipped: SkippedRule[],
    readonly warnings: string[],
    private states: Map<string, boolean>,
    public engine: Engine,
    private readonly geo: GeoDatabase | undefined,
  ) {}

  /** `geo` locates addresses for impossible-travel rules; without it they are inactive (one warning). */
  static load(paths: readonly string[], states: Map<string, boolean>, geo?: GeoDatabase): RuleSet {
    const all = [...builtInRuleDirs(), ...paths];
    const loaded = all.length ? loadRulePaths(all) : { rules: [], skipped: [], warnings: [] };
    const engine = Engine.build(applyStates(loaded.rules, states), { geo });
    const noGeo = geoWarning(engine.compiled, geo);
    return new RuleSet(engine.compiled, [...loaded.skipped, ...engine.skipped], noGeo ? [...loaded.warnings, noGeo] : loaded.warnings, states, engine.engine, geo);
  }

  list(): Rule[] {
    return applyStates(this.rules, this.states);
  }

  get(id: string): Rule | undefined {
    return this.list().find((r) => r.id === id);
  }

  setEnabled(id: string, enabled: boolean): void {
    this.states = new Map(this.states).set(id, enabled);
    this.engine = Engine.build(applyStates(this.rules, this.states), { geo: this.geo }).engine;
  }
}

function applyStates(rules: readonly Rule[], states: Map<string, boolean>): Rule[] {
  return rules.map((r) => (states.has(r.id) ? { ...r, enabled: states.get(r.id)! } : r));
}
