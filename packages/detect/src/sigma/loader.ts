/**
 * Sigma rule files → engine rules. Each document is one rule: its logsource picks the event
 * kinds and field table, its detection becomes the shared AST, level becomes severity and
 * `attack.*` tags become techniques and tactics. A rule Vigil cannot evaluate faithfully is
 * skipped with its reason. Correlation rules are read after every file, since they may name
 * rules from any of them (`correlation.ts`).
 */
import { parseAllDocuments } from 'yaml';
import type { VigilEvent } from '@vigil/schema';
import type { Expr } from '../condition/ast.ts';
import { UnsupportedFieldError } from '../fields.ts';
import type { LoadedRules, RuleFile } from '../rule-files.ts';
import { attackFromTags, type AlertSeverity, type Rule } from '../rule.ts';
import { detectionExpr, type DetectionContext } from './detection.ts';
import { exactSpelling, KEYWORD_FIELD, KIND_FIELD, sigmaResolver, type FieldTable } from './fields.ts';
import { mapLogsource, type Logsource, type LogsourceMapping } from './logsource.ts';
import { SigmaRuleError } from './modifiers.ts';
import { specialize } from '../specialize.ts';
import { correlationRule, type CorrelationDoc } from './correlation.ts';

const SEVERITY: Record<string, AlertSeverity> = { informational: 'info', low: 'low', medium: 'medium', high: 'high', critical: 'critical' };

/** Whether parsed YAML documents are Sigma rules (a detection with a logsource, or a correlation). */
export function isSigmaDocs(docs: readonly unknown[]): boolean {
  return docs.some((d) => d !== null && typeof d === 'object' && !Array.isArray(d) && (('detection' in d && 'logsource' in d) || 'correlation' in d));
}

export function loadSigmaRules(files: readonly RuleFile[]): LoadedRules {
  const out: LoadedRules = { rules: [], skipped: [], warnings: [], errors: [] };
  const correlations: CorrelationDoc[] = [];
  /** Referenced rules by Sigma `name` and `id`: the rule, or why it was skipped. */
  const byRef = new Map<string, Rule | string>();
  for (const file of files) {
    for (const [i, doc] of parseAllDocuments(file.text).entries()) {
      if (doc.errors.length > 0) {
        out.warnings.push(`${file.path}: document ${i + 1}: invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
        continue;
      }
      const raw = doc.toJS() as unknown;
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) continue;
      const r = raw as Record<string, unknown>;
      const name = typeof r.title === 'string' ? r.title : `${file.path} #${i + 1}`;
      if ('correlation' in r) {
        correlations.push({ raw: r, name, file: file.path });
        continue;
      }
      let rule: Rule | string;
      try {
        rule = sigmaRule(r, name, file.path, (w) => out.warnings.push(`${file.path}: ${name}: ${w}`));
        out.rules.push(rule);
      } catch (err) {
        if (!(err instanceof SigmaRuleError || err instanceof UnsupportedFieldError)) throw err;
        out.skipped.push({ name, source: 'sigma', file: file.path, reason: err.message });
        rule = err.message;
      }
      for (const ref of [r.name, r.id]) if (typeof ref === 'string') byRef.set(ref, rule);
    }
  }
  for (const doc of correlations) {
    try {
      const severity = typeof doc.raw.level === 'string' && Object.hasOwn(SEVERITY, doc.raw.level) ? SEVERITY[doc.raw.level] : 'medium';
      const lookup = (ref: string) => byRef.get(ref) ?? 'no rule with this name or id was loaded';
      out.rules.push(correlationRule(doc, lookup, severity, (r) => (r.enabled = false)));
    } catch (err) {
      if (!(err instanceof SigmaRuleError)) throw err;
      out.skipped.push({ name: doc.name, source: 'sigma', file: doc.file, reason: err.message });
    }
  }
  return out;
}

function sigmaRule(r: Record<string, unknown>, name: string, file: string, warn: (message: string) => void): Rule {
  if (r.action !== undefined) throw new SigmaRuleError(`rule collection action '${String(r.action)}' is not supported`);
  if (!isRecord(r.logsource) || !isRecord(r.detection)) throw new SigmaRuleError('rule needs a logsource and a detection map');
  const mapping = mapLogsource(r.logsource as Logsource);
  const detection = detectionExpr(r.detection, detectionContext(mapping));
  const resolve = sigmaResolver(mapping.table);
  // A record type or syscall no Vigil event stands for can never match: say so by name.
  const observable = (e: Expr) => mapping.kinds.some((k) => !isFalse(specialize(e, k, resolve)));
  if (!observable(detection.condition)) throw new SigmaRuleError('matches no event Vigil observes (record type or syscall with no Vigil event kind)');
  for (const [search, e] of detection.searches) if (!observable(e)) warn(`search '${search}' matches no event Vigil observes`);
  const kinds: Expr = { type: 'compare', field: { name: KIND_FIELD }, op: 'in', operand: { kind: 'list', values: [...mapping.kinds] } };
  const tags = Array.isArray(r.tags) ? r.tags.filter((t): t is string => typeof t === 'string') : [];
  const level = typeof r.level === 'string' ? r.level : undefined;
  return {
    id: `sigma:${typeof r.id === 'string' ? r.id : name}`,
    name,
    source: 'sigma',
    file,
    description: typeof r.description === 'string' ? r.description.trim() : undefined,
    severity: level !== undefined && Object.hasOwn(SEVERITY, level) ? SEVERITY[level] : 'medium',
    level,
    techniques: attackFromTags(tags).techniques,
    tactics: attackTactics(tags),
    tags,
    enabled: r.status !== 'deprecated' && r.status !== 'unsupported',
    condition: { type: 'and', items: [kinds, ...(mapping.only ? [mapping.only] : []), detection.condition] },
    resolve,
    output: (ev) => `${name} (${subject(ev)})`,
  };
}

function detectionContext(mapping: LogsourceMapping): DetectionContext {
  const table: FieldTable = mapping.table;
  const resolve = sigmaResolver(table);
  return {
    field(name, selection) {
      // auditd aN is argv on EXECVE records and a raw syscall argument on any other record the
      // selection names; with no type named, only argv can hold the strings rules look for.
      const type = selection.type;
      const execve = table === 'auditd' && /^a\d+$/.test(name) && (type === undefined || String(type).toUpperCase() === 'EXECVE');
      const ref = execve ? { name, arg: 'argv' } : { name };
      return { ref, kind: { type: resolve(ref).type, exact: exactSpelling(table, name) } };
    },
    keywords() {
      if (!mapping.keywords) throw new SigmaRuleError('keyword search needs the raw log line, which Vigil events do not carry for this logsource');
      return { name: KEYWORD_FIELD };
    },
  };
}

/** `attack.privilege_escalation` → `privilege-escalation`; technique, group and software ids are not tactics. */
function attackTactics(tags: readonly string[]): string[] {
  return tags.flatMap((t) => {
    const m = /^attack\.([a-z_-]+)$/i.exec(t);
    return m ? [m[1].toLowerCase().replace(/_/g, '-')] : [];
  });
}

function subject(ev: VigilEvent): string {
  const p = ev.process;
  const cmd = p?.command_line ?? p?.args?.join(' ') ?? p?.executable ?? '';
  if (ev.file) return `${cmd} → ${ev.file.path}`;
  if (ev.destination?.ip) return `${cmd} → ${ev.destination.domain ?? ev.destination.ip}:${ev.destination.port ?? ''}`;
  return cmd;
}

const isFalse = (e: Expr) => e.type === 'const' && !e.value;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
