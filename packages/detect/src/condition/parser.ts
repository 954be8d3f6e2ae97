/**
 * Recursive-descent parser for Falco conditions: `or` binds loosest, then `and`, then `not`.
 * Hand-written rather than generated: the grammar is a dozen lines and this keeps error offsets
 * exact and the parser dependency-free.
 */
import { COMPARE_OPS, LIST_OPS, type CompareOp, type Expr, type FieldRef, type Operand } from './ast.ts';
import { ConditionSyntaxError, tokenize, type Token } from './lexer.ts';

const WORD_OPS: ReadonlySet<string> = new Set(COMPARE_OPS.filter((o) => /^[a-z]/.test(o)));

export function parseCondition(src: string): Expr {
  const p = new Parser(tokenize(src), src.length);
  const e = p.expr();
  p.end();
  return e;
}

/** `proc.aname[2]` → { name: 'proc.aname', arg: '2' }. */
export function parseFieldRef(word: string): FieldRef {
  const b = word.indexOf('[');
  if (b < 0) return { name: word };
  if (!word.endsWith(']')) throw new ConditionSyntaxError(`bad field argument in '${word}'`, 0);
  return { name: word.slice(0, b), arg: word.slice(b + 1, -1) };
}

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Token[],
    private readonly len: number,
  ) {}

  private peek(): Token | undefined {
    return this.toks[this.i];
  }
  private pos(): number {
    return this.peek()?.pos ?? this.len;
  }
  private isWord(v: string): boolean {
    const t = this.peek();
    return t !== undefined && t.t === 'word' && t.v === v;
  }
  private isPunct(v: string): boolean {
    const t = this.peek();
    return t !== undefined && t.t === 'punct' && t.v === v;
  }
  private expect(v: string): void {
    if (!this.isPunct(v)) throw new ConditionSyntaxError(`expected '${v}'`, this.pos());
    this.i++;
  }

  end(): void {
    if (this.i < this.toks.length) throw new ConditionSyntaxError(`unexpected '${this.toks[this.i].v}'`, this.pos());
  }

  expr(): Expr {
    const items = [this.and()];
    while (this.isWord('or')) {
      this.i++;
      items.push(this.and());
    }
    return items.length === 1 ? items[0] : { type: 'or', items };
  }

  private and(): Expr {
    const items = [this.not()];
    while (this.isWord('and')) {
      this.i++;
      items.push(this.not());
    }
    return items.length === 1 ? items[0] : { type: 'and', items };
  }

  private not(): Expr {
    if (this.isWord('not')) {
      this.i++;
      return { type: 'not', expr: this.not() };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.peek();
    if (t === undefined) throw new ConditionSyntaxError('unexpected end of condition', this.len);
    if (t.t === 'punct' && t.v === '(') {
      this.i++;
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (t.t !== 'word') throw new ConditionSyntaxError(`unexpected '${t.v}'`, t.pos);
    this.i++;
    const next = this.peek();
    const opText = next === undefined ? undefined : next.t === 'op' ? next.v : next.t === 'word' && (WORD_OPS.has(next.v) || next.v === 'exists') ? next.v : undefined;
    if (opText === undefined) {
      if (t.v.includes('.')) throw new ConditionSyntaxError(`field '${t.v}' needs an operator`, t.pos);
      return { type: 'ref', name: t.v };
    }
    this.i++;
    const field = parseFieldRef(t.v);
    if (opText === 'exists') return { type: 'exists', field };
    const op = opText as CompareOp;
    return { type: 'compare', field, op, operand: LIST_OPS.has(op) ? this.list() : this.value() };
  }

  private value(): Operand {
    const t = this.peek();
    // `evt.dir = <`: a direction sign in value position is a value.
    if (t?.t === 'op' && (t.v === '<' || t.v === '>')) {
      this.i++;
      return { kind: 'value', value: t.v };
    }
    if (t === undefined || t.t === 'punct' || t.t === 'op') throw new ConditionSyntaxError('expected a value', this.pos());
    this.i++;
    if (t.t === 'word' && t.v === 'val' && this.isPunct('(')) {
      this.i++;
      const f = this.peek();
      if (f === undefined || f.t !== 'word') throw new ConditionSyntaxError('expected a field in val()', this.pos());
      this.i++;
      this.expect(')');
      return { kind: 'field', field: parseFieldRef(f.v) };
    }
    return { kind: 'value', value: t.v };
  }

  private list(): Operand {
    const t = this.peek();
    // A bare list name without parentheses is a one-item list the loader expands.
    if (t !== undefined && t.t === 'word') {
      this.i++;
      return { kind: 'list', values: [t.v] };
    }
    this.expect('(');
    const values: string[] = [];
    while (!this.isPunct(')')) {
      const v = this.peek();
      if (v === undefined || (v.t !== 'word' && v.t !== 'string')) throw new ConditionSyntaxError('expected a list item', this.pos());
      values.push(v.v);
      this.i++;
      if (!this.isPunct(',')) break;
      this.i++;
    }
    this.expect(')');
    return { kind: 'list', values };
  }
}
