/**
 * A Sigma `detection` section → the shared predicate AST: named search identifiers (maps of
 * field conditions ANDed, lists of maps ORed, lists of plain values as keyword searches) and the
 * condition expression over them (`and`, `or`, `not`, parentheses, `1 of sel_*`, `all of them`).
 */
import type { Expr, FieldRef } from '../condition/ast.ts';
import { fieldExpr, SigmaRuleError, type FieldKind, type SigmaValue } from './modifiers.ts';

/** What the detection needs from the logsource: how fields compare, and where keywords search. */
export interface DetectionContext {
  field(name: string, selection: Readonly<Record<string, unknown>>): { ref: FieldRef; kind: FieldKind };
  /** The field keyword searches run over; throws when the logsource's text is not in Vigil events. */
  keywords(): FieldRef;
}

export interface Detection {
  condition: Expr;
  /** Each search the condition uses, by name. */
  searches: ReadonlyMap<string, Expr>;
}

export function detectionExpr(detection: Readonly<Record<string, unknown>>, ctx: DetectionContext): Detection {
  const { condition, timeframe, ...searches } = detection;
  if (timeframe !== undefined) throw new SigmaRuleError('timeframe needs a correlation engine');
  const conds = Array.isArray(condition) ? condition : [condition];
  if (conds.length === 0 || !conds.every((c) => typeof c === 'string')) throw new SigmaRuleError('detection has no condition');
  const compiled = new Map<string, Expr>();
  const search = (name: string): Expr => {
    let e = compiled.get(name);
    if (!e) compiled.set(name, (e = searchExpr(name, searches[name], ctx)));
    return e;
  };
  const names = Object.keys(searches);
  const exprs = (conds as string[]).map((c) => new ConditionParser(c, names, search).parse());
  return { condition: exprs.length === 1 ? exprs[0] : { type: 'or', items: exprs }, searches: compiled };
}

function searchExpr(name: string, body: unknown, ctx: DetectionContext): Expr {
  if (Array.isArray(body)) {
    if (body.length === 0) throw new SigmaRuleError(`search '${name}' is empty`);
    if (body.every(isMap)) return anyOf(body.map((m) => mapExpr(m, ctx)));
    if (body.every(isScalar)) return fieldExpr(ctx.keywords(), ['contains'], body, { type: 'string' });
    throw new SigmaRuleError(`search '${name}' mixes maps and values`);
  }
  if (isMap(body)) return mapExpr(body, ctx);
  if (isScalar(body)) return fieldExpr(ctx.keywords(), ['contains'], [body], { type: 'string' });
  throw new SigmaRuleError(`search '${name}' is not a map or list`);
}

function mapExpr(map: Readonly<Record<string, unknown>>, ctx: DetectionContext): Expr {
  const items = Object.entries(map).map(([key, raw]) => {
    const [name, ...modifiers] = key.split('|');
    const values = Array.isArray(raw) ? raw : [raw];
    if (!values.every(isScalar)) throw new SigmaRuleError(`${key}: values must be plain`);
    // An empty field name is a keyword search with modifiers (`'|all': [...]`).
    if (name === '') return fieldExpr(ctx.keywords(), modifiers.some((m) => m !== 'all') ? modifiers : ['contains', ...modifiers], values, { type: 'string' });
    const { ref, kind } = ctx.field(name, map);
    return fieldExpr(ref, modifiers, values, kind);
  });
  if (items.length === 0) throw new SigmaRuleError('empty selection');
  return items.length === 1 ? items[0] : { type: 'and', items };
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isScalar = (v: unknown): v is SigmaValue => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const anyOf = (items: Expr[]): Expr => (items.length === 1 ? items[0] : { type: 'or', items });
const allOf = (items: Expr[]): Expr => (items.length === 1 ? items[0] : { type: 'and', items });

/** Recursive descent over `or` < `and` < `not` < primary, as Sigma specifies. */
class ConditionParser {
  private readonly tokens: string[];
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly names: readonly string[],
    private readonly search: (name: string) => Expr,
  ) {
    this.tokens = text.match(/\(|\)|\|[^]*|[^\s()]+/g) ?? [];
  }

  parse(): Expr {
    const e = this.or();
    const rest = this.tokens[this.pos];
    if (rest !== undefined) {
      if (rest.startsWith('|')) throw new SigmaRuleError('aggregation conditions need a correlation engine');
      throw new SigmaRuleError(`condition '${this.text}': unexpected '${rest}'`);
    }
    return e;
  }

  private peek(): string | undefined {
    return this.tokens[this.pos]?.toLowerCase();
  }

  private or(): Expr {
    const items = [this.and()];
    while (this.peek() === 'or') {
      this.pos++;
      items.push(this.and());
    }
    return anyOf(items);
  }

  private and(): Expr {
    const items = [this.not()];
    while (this.peek() === 'and') {
      this.pos++;
      items.push(this.not());
    }
    return allOf(items);
  }

  private not(): Expr {
    if (this.peek() === 'not') {
      this.pos++;
      return { type: 'not', expr: this.not() };
    }
    return this.primary();
  }

  private primary(): Expr {
    const tok = this.tokens[this.pos++];
    if (tok === undefined) throw new SigmaRuleError(`condition '${this.text}' ends early`);
    if (tok === '(') {
      const e = this.or();
      if (this.tokens[this.pos++] !== ')') throw new SigmaRuleError(`condition '${this.text}': missing ')'`);
      return e;
    }
    const low = tok.toLowerCase();
    if ((low === '1' || low === 'all' || low === 'any') && this.peek() === 'of') {
      this.pos++;
      const target = this.tokens[this.pos++];
      if (target === undefined) throw new SigmaRuleError(`condition '${this.text}': 'of' needs a target`);
      const matched = this.matching(target);
      const items = matched.map(this.search);
      return low === 'all' ? allOf(items) : anyOf(items);
    }
    if (!this.names.includes(tok)) throw new SigmaRuleError(`condition names undefined search '${tok}'`);
    return this.search(tok);
  }

  /** `them` or a pattern with `*` wildcards over search names (`them` excludes `_`-prefixed ones). */
  private matching(target: string): string[] {
    const names =
      target === 'them'
        ? this.names.filter((n) => !n.startsWith('_'))
        : this.names.filter((n) => new RegExp(`^${target.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*')}$`).test(n));
    if (names.length === 0) throw new SigmaRuleError(`condition: no search matches '${target}'`);
    return names;
  }
}
