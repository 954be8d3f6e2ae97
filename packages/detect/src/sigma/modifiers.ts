/**
 * One Sigma `field|mod|mod: value(s)` item → the shared predicate AST. Sigma strings match
 * case-insensitively with `*`/`?` wildcards, which is exactly a caseless glob, so string
 * comparisons become `iglob` (`glob` under `|cased`). Transformations (base64, base64offset,
 * windash) expand a value into the variants any of which may match.
 */
import type { CompareOp, Expr, FieldRef } from '../condition/ast.ts';
import type { ValueType } from '../fields.ts';

export class SigmaRuleError extends Error {}

export type SigmaValue = string | number | boolean | null;

const TRANSFORMS = new Set(['base64', 'base64offset', 'windash']);
const MATCHES = new Set(['contains', 'startswith', 'endswith', 're', 'cidr', 'gt', 'gte', 'lt', 'lte', 'exists', 'fieldref']);
const FLAGS = new Set(['all', 'cased', 'i', 'm', 's']);

/** A Sigma value with wildcards → glob text: `*`/`?` stay wildcards, `\*` `\?` `\\` are literal. */
export function sigmaGlob(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    const next = value[i + 1];
    if (c === '\\' && (next === '*' || next === '?' || next === '\\')) {
      out += literalGlob(next);
      i++;
    } else if (c === '[') out += '[[]';
    else out += c;
  }
  return out;
}

/** Text matched as written: glob metacharacters become one-character classes. */
export function literalGlob(text: string): string {
  return text.replace(/[*?[]/g, '[$&]');
}

/** base64 of `text`, or with `offset` the three encodings of it at any alignment inside a longer string. */
export function base64Variants(text: string, offset: boolean): string[] {
  const bytes = Buffer.from(text, 'utf8');
  if (!offset) return [bytes.toString('base64')];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const enc = Buffer.concat([Buffer.alloc(i, 0x20), bytes]).toString('base64');
    // Drop the characters that depend on the unknown bytes before and after the value.
    const start = [0, 2, 3][i];
    const end = [0, 3, 2][(bytes.length + i) % 3];
    out.push(enc.slice(start, enc.length - end));
  }
  return out;
}

/** Windows-style option dashes: `-x` may also be written `/x` or with a Unicode dash. */
export function windashVariants(text: string): string[] {
  const out = new Set<string>();
  for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015']) out.add(text.replace(/(^|\s)-/g, `$1${dash}`));
  return [...out];
}

/** A regular expression as JavaScript can run it, with caseless matching spelled out per letter. */
export function jsRegex(pattern: string, caseless: boolean): string {
  let p = pattern;
  if (p.startsWith('(?i)')) {
    p = p.slice(4);
    caseless = true;
  }
  if (/\(\?[a-z]/i.test(p.replace(/\(\?[:=!<]/g, ''))) throw new SigmaRuleError(`regex ${JSON.stringify(pattern)}: inline flags are not supported`);
  if (caseless) p = caselessRegex(p);
  try {
    new RegExp(p);
  } catch {
    throw new SigmaRuleError(`invalid regex ${JSON.stringify(pattern)}`);
  }
  return p;
}

/** `abc` → `[aA][bB][cC]`; a class gets its letters (and ranges) in the other case too; escapes stay as written. */
function caselessRegex(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      out += c + (p[i + 1] ?? '');
      i++;
    } else if (c === '[') {
      let end = i + 1;
      if (p[end] === '^') end++;
      if (p[end] === ']') end++;
      while (end < p.length && p[end] !== ']') end += p[end] === '\\' ? 2 : 1;
      const body = p.slice(i + 1, end);
      const neg = body.startsWith('^') ? '^' : '';
      const items = body.slice(neg.length);
      out += `[${neg}${items}${swapCase(items)}]`;
      i = end;
    } else if (c === '{') {
      // Quantifier bodies are digits and commas; copy them whole.
      const end = p.indexOf('}', i);
      out += end < 0 ? c : p.slice(i, end + 1);
      if (end >= 0) i = end;
    } else out += /[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
  }
  return out;
}

/** The letters and letter ranges of class items in the other case; escapes and other characters are already there. */
function swapCase(items: string): string {
  const swap = (ch: string) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase());
  const isLetter = (ch: string | undefined) => ch !== undefined && /^[a-z]$/i.test(ch);
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const c = items[i];
    if (c === '\\') i++;
    else if (isLetter(c) && items[i + 1] === '-' && isLetter(items[i + 2])) {
      out += `${swap(c)}-${swap(items[i + 2])}`;
      i += 2;
    } else if (isLetter(c)) out += swap(c);
  }
  return out;
}

const or = (items: Expr[]): Expr => (items.length === 1 ? items[0] : { type: 'or', items });
const and = (items: Expr[]): Expr => (items.length === 1 ? items[0] : { type: 'and', items });
const cmp = (field: FieldRef, op: CompareOp, value: string): Expr => ({ type: 'compare', field, op, operand: { kind: 'value', value } });

/** How a Sigma field compares in Vigil: its value type, and for enumerated fields the spelling of their values. */
export interface FieldKind {
  type: ValueType;
  /** Values are one of a known set, compared exactly after this normalisation (so rules index by kind). */
  exact?: (v: string) => string;
}

/** `field` with its modifier chain, against one value or a list (any matches; all under `|all`). */
export function fieldExpr(field: FieldRef, modifiers: readonly string[], values: readonly SigmaValue[], { type, exact }: FieldKind): Expr {
  for (const m of modifiers) {
    if (!TRANSFORMS.has(m) && !MATCHES.has(m) && !FLAGS.has(m)) throw new SigmaRuleError(`modifier '${m}' is not supported`);
  }
  const match = modifiers.filter((m) => MATCHES.has(m));
  if (match.length > 1) throw new SigmaRuleError(`modifiers ${match.join('|')} cannot be combined`);
  const how = match[0];
  const has = (m: string) => modifiers.includes(m);
  if (values.length === 0) throw new SigmaRuleError(`${field.name}: empty value list`);

  if (how === 'exists') {
    if (values.length !== 1 || typeof values[0] !== 'boolean') throw new SigmaRuleError(`${field.name}|exists takes true or false`);
    const e: Expr = { type: 'exists', field };
    return values[0] ? e : { type: 'not', expr: e };
  }
  const each = values.map((v): Expr => {
    if (v === null) return { type: 'not', expr: { type: 'exists', field } };
    if (how === 'fieldref') return { type: 'compare', field, op: '=', operand: { kind: 'field', field: { name: String(v) } } };
    if (how === 'gt' || how === 'gte' || how === 'lt' || how === 'lte') {
      if (type !== 'number') throw new SigmaRuleError(`${field.name}|${how}: not a numeric field`);
      return cmp(field, ({ gt: '>', gte: '>=', lt: '<', lte: '<=' } as const)[how], String(v));
    }
    if (how === 're') {
      // The engine's regex has no multi-line or dot-all mode; a rule needing one is not evaluated.
      if (has('m') || has('s')) throw new SigmaRuleError(`${field.name}|re: flags m and s are not supported`);
      return cmp(field, 'regex', jsRegex(String(v), has('i')));
    }
    if (how === 'cidr') return cmp({ ...field, arg: 'cidr' }, '=', String(v));
    if (exact && modifiers.length === 0 && typeof v === 'string' && !/[*?]/.test(v)) return cmp(field, '=', exact(v));
    if (type !== 'string') {
      if (modifiers.length > 0 || (typeof v === 'string' && /[*?]/.test(v))) throw new SigmaRuleError(`${field.name}: ${modifiers.join('|') || 'wildcards'} on a ${type} field`);
      return cmp(field, '=', typeof v === 'string' ? v.toLowerCase() : String(v));
    }
    return or(stringVariants(String(v), modifiers).map(({ glob, cased }) => cmp(field, cased || has('cased') ? 'glob' : 'iglob', anchor(glob, how))));
  });
  return has('all') ? and(each) : or(each);
}

function stringVariants(value: string, modifiers: readonly string[]): { glob: string; cased: boolean }[] {
  let texts = [value];
  let encoded = false;
  for (const m of modifiers) {
    if (m === 'windash') texts = texts.flatMap(windashVariants);
    else if (m === 'base64' || m === 'base64offset') {
      texts = texts.flatMap((t) => base64Variants(t, m === 'base64offset'));
      encoded = true;
    }
  }
  // Encoded text is matched byte for byte; a plain value keeps Sigma's wildcards.
  return texts.map((t) => (encoded ? { glob: literalGlob(t), cased: true } : { glob: sigmaGlob(t), cased: false }));
}

function anchor(glob: string, how: string | undefined): string {
  if (how === 'contains') return `*${glob}*`;
  if (how === 'startswith') return `${glob}*`;
  if (how === 'endswith') return `*${glob}`;
  return glob;
}
