/**
 * The language-neutral rule and alert. Every loader (Falco, Sigma, Vigil YAML) produces `Rule`s
 * whose condition is the shared predicate AST over a field vocabulary the loader supplies; the
 * engine compiles and runs them without knowing which language they came from.
 */
import type { VigilEvent } from '@vigil/schema';
import type { Expr } from './condition/ast.ts';
import type { FieldResolver } from './fields.ts';
import type { GeoDatabase } from './geo/database.ts';
import type { Correlation } from './stateful/correlation.ts';

export const ALERT_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export interface Rule {
  /** Stable id: `falco:<slug of name>`, a Sigma UUID, a Vigil rule id. */
  id: string;
  name: string;
  /** Rule language: `falco`, `sigma`, `vigil`. */
  source: string;
  /** File the rule came from, and the line it starts on, for messages. */
  file?: string;
  line?: number;
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
  /** Fully expanded: no macro or list references left. For a stateful rule: any event one of its steps can take. */
  condition: Expr;
  resolve: FieldResolver;
  /** The alert text for a matching event (for a stateful rule, the event that completed it). */
  output(ev: VigilEvent, num: number): string;
  /** Present on stateful rules: the engine runs its steps instead of `condition`. */
  correlation?: Correlation;
  /** Bilingual title, for rules that carry one (Vigil rules). */
  title?: Bilingual;
  response?: ResponseHint;
  /** Inline tests (Vigil rules), run by `vigil rules test`. */
  tests?: RuleTests;
}

export interface Bilingual {
  en: string;
  zh: string;
}

export const RESPONSE_ACTIONS = ['kill_process', 'stop_container', 'pause_container', 'quarantine_file', 'block_ip'] as const;
export type ResponseAction = (typeof RESPONSE_ACTIONS)[number];

export interface ResponseHint extends Bilingual {
  action?: ResponseAction;
}

/** Each test is a stream of events (one event for a single-event rule). */
export interface RuleTests {
  match: VigilEvent[][];
  noMatch: VigilEvent[][];
  /** impossible_travel rules: the database the tests locate addresses with (`tests.geoip`). */
  geo?: GeoDatabase;
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
  response?: ResponseHint;
  host: { id: string; name?: string };
  container?: { id: string; name?: string };
  /** The event that raised the alert (for a stateful rule, the one that completed it). */
  event: VigilEvent;
  /** Every event that made the alert, oldest first; just `event` for a single-event rule. */
  events: VigilEvent[];
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
