/**
 * The language-neutral rule and alert. Every loader (Falco, Sigma, Vigil YAML) produces `Rule`s
 * whose condition is the shared predicate AST over a field vocabulary the loader supplies; the
 * engine compiles and runs them without knowing which language they came from.
 */
import type { VigilEvent } from '@vigil/schema';
import type { Expr } from './condition/ast.ts';
import type { FieldResolver } from './fields.ts';

export const ALERT_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export interface Rule {
  /** Stable id: `falco:<slug of name>`, a Sigma UUID, a Vigil rule id. */
  id: string;
  name: string;
  /** Rule language: `falco`, `sigma`, `vigil`. */
  source: string;
  /** File the rule came from, for messages. */
  file?: string;
  description?: string;
  severity: AlertSeverity;
  /** The language's own level as written (Falco priority, Sigma level). */
  level?: string;
  /** ATT&CK technique ids (`T1059`, `T1059.004`). */
  techniques: string[];
  /** ATT&CK tactics as the rule tags them (`execution`, `persistence`). */
  tactics: string[];
  tags: string[];
  enabled: boolean;
  /** Fully expanded: no macro or list references left. */
  condition: Expr;
  resolve: FieldResolver;
  /** The alert text for a matching event. */
  output(ev: VigilEvent, num: number): string;
}

/** A rule the engine will not run, and why (unsupported field, syntax error, no observable event). */
export interface SkippedRule {
  name: string;
  source: string;
  file?: string;
  reason: string;
}

export interface Alert {
  /** Time of the triggering event. */
  time: string;
  rule: { id: string; name: string; source: string };
  severity: AlertSeverity;
  level?: string;
  techniques: string[];
  tactics: string[];
  tags: string[];
  output: string;
  host: { id: string; name?: string };
  container?: { id: string; name?: string };
  event: VigilEvent;
}

/** ATT&CK ids and tactics from rule tags: `T1059.004`, `attack.t1059`, `mitre_execution`. */
export function attackFromTags(tags: readonly string[]): { techniques: string[]; tactics: string[] } {
  const techniques = new Set<string>();
  const tactics = new Set<string>();
  for (const tag of tags) {
    const t = /^(?:attack\.)?(t\d{4}(?:\.\d{3})?)$/i.exec(tag);
    if (t) techniques.add(t[1].toUpperCase());
    const m = /^mitre_(.+)$/.exec(tag);
    if (m) tactics.add(m[1].replace(/_/g, '-'));
  }
  return { techniques: [...techniques], tactics: [...tactics] };
}
