/**
 * Sigma correlation rules (event_count, value_count, temporal, temporal_ordered) → stateful
 * rules over the Sigma rules they reference: each referenced rule becomes a step with its own
 * logsource's fields, `group-by` (through `aliases` where a field is named differently per rule)
 * becomes the key after the host id, `timespan` the window and `condition` the bounds. Referenced
 * rules stop alerting on their own unless the correlation says `generate: true`, as the Sigma
 * specification has it.
 */
import { attackFromTags, type AlertSeverity, type Rule } from '../rule.ts';
import { DEFAULT_MAX_KEYS, parseDuration, type Correlation, type CorrelationStep } from '../stateful/correlation.ts';
import { SigmaRuleError } from './modifiers.ts';

const TYPES: Record<string, Pick<Correlation, 'type' | 'ordered'>> = {
  event_count: { type: 'threshold' },
  value_count: { type: 'threshold' },
  temporal: { type: 'sequence', ordered: false },
  temporal_ordered: { type: 'sequence', ordered: true },
};

export interface CorrelationDoc {
  raw: Record<string, unknown>;
  name: string;
  file: string;
}

/**
 * The stateful rule for one correlation; `byRef` finds referenced rules by Sigma `name` or `id`,
 * and `disable` switches a referenced rule's own alerts off.
 */
export function correlationRule(doc: CorrelationDoc, byRef: (ref: string) => Rule | string, severity: AlertSeverity, disable: (r: Rule) => void): Rule {
  const c = doc.raw.correlation as Record<string, unknown>;
  if (c === null || typeof c !== 'object') throw new SigmaRuleError('correlation must be a map');
  const kind = TYPES[String(c.type)];
  if (!kind) throw new SigmaRuleError(`correlation type ${String(c.type)} is not one of ${Object.keys(TYPES).join(', ')}`);
  const refs = typeof c.rules === 'string' ? [c.rules] : Array.isArray(c.rules) ? c.rules.map(String) : [];
  if (refs.length === 0) throw new SigmaRuleError('correlation names no rules');
  const withinMs = parseDuration(c.timespan);
  if (withinMs === undefined) throw new SigmaRuleError(`timespan ${JSON.stringify(c.timespan)} is not a duration (5m, 1h, 1d)`);
  const groupBy = (Array.isArray(c['group-by']) ? c['group-by'] : c['group-by'] === undefined ? [] : [c['group-by']]).map(String);
  const aliases = (c.aliases ?? {}) as Record<string, Record<string, string>>;
  const cond = (c.condition ?? {}) as Record<string, unknown>;
  const distinct = c.type === 'value_count' ? cond.field : undefined;
  if (c.type === 'value_count' && typeof distinct !== 'string') throw new SigmaRuleError('value_count needs condition.field');

  const based = refs.map((ref) => {
    const r = byRef(ref);
    if (typeof r === 'string') throw new SigmaRuleError(`referenced rule ${ref}: ${r}`);
    if (r.correlation) throw new SigmaRuleError(`referenced rule ${ref} is itself a correlation; chained correlations are not supported`);
    return { ref, rule: r };
  });
  const steps: CorrelationStep[] = based.map(({ ref, rule }) => ({
    id: ref,
    condition: rule.condition,
    count: 1,
    resolve: rule.resolve,
    key: groupBy.map((g) => ({ name: aliases[g]?.[ref] ?? g })),
    ...(typeof distinct === 'string' ? { distinct: { name: distinct } } : {}),
  }));
  if (c.generate !== true) for (const { rule } of based) disable(rule);

  const correlation: Correlation = { ...kind, steps, withinMs, maxKeys: DEFAULT_MAX_KEYS };
  if (kind.type === 'threshold') correlation.bounds = bounds(cond);
  else if (cond.gte !== undefined || cond.gt !== undefined) correlation.minSteps = bounds(cond).min;
  const tags = Array.isArray(doc.raw.tags) ? doc.raw.tags.filter((t): t is string => typeof t === 'string') : [];
  return {
    id: `sigma:${typeof doc.raw.id === 'string' ? doc.raw.id : doc.name}`,
    name: doc.name,
    source: 'sigma',
    file: doc.file,
    description: typeof doc.raw.description === 'string' ? doc.raw.description.trim() : undefined,
    severity,
    level: typeof doc.raw.level === 'string' ? doc.raw.level : undefined,
    ...attackFromTags(tags),
    tags,
    enabled: doc.raw.status !== 'deprecated' && doc.raw.status !== 'unsupported',
    condition: { type: 'or', items: steps.map((s) => s.condition) },
    resolve: based[0].rule.resolve,
    output: (ev) => `${doc.name} (${groupBy.length ? groupBy.join(', ') : 'host'} on ${ev.host.name ?? ev.host.id})`,
    correlation,
  };
}

/** Sigma `condition: {gte: 10}`, `{gt: 2, lte: 5}`, `{eq: 3}`… → inclusive integer bounds. */
function bounds(cond: Record<string, unknown>): { min: number; max?: number } {
  const num = (k: string) => {
    const v = cond[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new SigmaRuleError(`condition ${k} must be an integer`);
    return v;
  };
  const [gt, gte, lt, lte, eq] = ['gt', 'gte', 'lt', 'lte', 'eq'].map(num);
  const min = eq ?? gte ?? (gt !== undefined ? gt + 1 : undefined);
  const max = eq ?? lte ?? (lt !== undefined ? lt - 1 : undefined);
  if (min === undefined && max === undefined) throw new SigmaRuleError('correlation condition needs gt, gte, lt, lte or eq');
  // A window exists only once an event arrived, so a bare upper bound still needs one event.
  const lower = Math.max(1, min ?? 1);
  if (max !== undefined && max < lower) throw new SigmaRuleError('correlation condition can never hold');
  return max === undefined ? { min: lower } : { min: lower, max };
}
