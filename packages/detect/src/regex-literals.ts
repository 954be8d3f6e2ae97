/**
 * Literals a regular expression cannot match without: `requiredLiterals('(curl|wget)\\b.*\\|')`
 * is {curl, wget}, since every string the pattern finds a match in contains one of them. The
 * engine uses these to skip a rule's regex on events that hold none of its literals. The analysis
 * covers the syntax rules use (groups, alternation, classes, quantifiers, escapes, assertions);
 * anything else gives undefined — no literals known — which is always safe.
 */

/** What one piece of the pattern can match. */
interface Info {
  /** Every string it can match, when that set is small and finite. */
  exact?: Set<string>;
  /** A set of strings one of which every match contains. */
  factors?: Set<string>;
}

/** Exact sets larger than this are not expanded further. */
const MAX_EXACT = 64;

class Unsupported extends Error {}

/** Literals one of which occurs in every string `pattern` (a JavaScript regex, no flags) matches; undefined when none can be named. */
export function requiredLiterals(pattern: string): Set<string> | undefined {
  try {
    const p = new Parser(pattern);
    const info = p.alternation();
    if (p.pos !== pattern.length) return undefined;
    const best = factorsOf(info);
    return best && !best.has('') ? best : undefined;
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

/** The strings one of which a match must contain: its exact set, else its factors. */
function factorsOf(i: Info): Set<string> | undefined {
  return i.exact ?? i.factors;
}

/** The more selective of two factor sets: longer shortest literal, then fewer literals. */
function better(a: Set<string> | undefined, b: Set<string> | undefined): Set<string> | undefined {
  if (!a || a.has('')) return b && !b.has('') ? b : undefined;
  if (!b || b.has('')) return a;
  const ma = minLength(a);
  const mb = minLength(b);
  return mb > ma || (mb === ma && b.size < a.size) ? b : a;
}

export function minLength(s: ReadonlySet<string>): number {
  let m = Infinity;
  for (const x of s) m = Math.min(m, x.length);
  return m;
}

const EMPTY: Info = { exact: new Set(['']) };
const ANY: Info = {};

class Parser {
  pos = 0;
  constructor(private readonly src: string) {}

  alternation(): Info {
    const branches = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0];
    const exact = new Set<string>();
    for (const b of branches) {
      if (!b.exact) return { factors: union(branches.map(factorsOf)) };
      for (const s of b.exact) exact.add(s);
    }
    return exact.size <= MAX_EXACT ? { exact } : { factors: exact };
  }

  /** Concatenation: exact runs multiply out; the best run or piece gives the factors. */
  private sequence(): Info {
    let run: Set<string> | undefined = new Set(['']);
    let best: Set<string> | undefined;
    let allExact = true;
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const piece = this.quantified();
      if (piece.exact && run) {
        const next = product(run, piece.exact);
        if (next) {
          run = next;
          continue;
        }
      }
      // The run ends here: it, or what this piece requires, may be the best factor set.
      best = better(better(best, run), piece.exact ?? piece.factors);
      run = piece.exact ? new Set(piece.exact) : new Set(['']);
      allExact = false;
    }
    if (allExact && run) return { exact: run };
    return { factors: better(best, run) };
  }

  private quantified(): Info {
    const atom = this.atom();
    const q = this.quantifier();
    if (q === undefined) return atom;
    if (this.src[this.pos] === '?') this.pos++; // lazy: matches the same strings
    // At least once: what the atom requires stays required; zero times: nothing is.
    return q.min >= 1 ? { factors: factorsOf(atom) } : ANY;
  }

  private quantifier(): { min: number } | undefined {
    const c = this.src[this.pos];
    if (c === '*' || c === '?') return this.pos++, { min: 0 };
    if (c === '+') return this.pos++, { min: 1 };
    if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(this.src.slice(this.pos));
      if (!m) return undefined; // a literal `{`, read as an atom next
      this.pos += m[0].length;
      return { min: Number(m[1]) };
    }
    return undefined;
  }

  private atom(): Info {
    const c = this.src[this.pos++];
    switch (c) {
      case '^':
      case '$':
        return EMPTY;
      case '.':
        return ANY;
      case '[':
        this.classBody();
        return ANY;
      case '(':
        return this.group();
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
      case ')':
        throw new Unsupported();
      case '{':
        return { exact: new Set(['{']) };
      default:
        return { exact: new Set([c]) };
    }
  }

  private group(): Info {
    let lookaround = false;
    if (this.src[this.pos] === '?') {
      const rest = this.src.slice(this.pos, this.pos + 3);
      if (rest.startsWith('?:')) this.pos += 2;
      else if (rest.startsWith('?=') || rest.startsWith('?!')) (this.pos += 2), (lookaround = true);
      else if (rest.startsWith('?<=') || rest.startsWith('?<!')) (this.pos += 3), (lookaround = true);
      else if (rest.startsWith('?<')) {
        const end = this.src.indexOf('>', this.pos);
        if (end < 0) throw new Unsupported();
        this.pos = end + 1;
      } else throw new Unsupported();
    }
    const inner = this.alternation();
    if (this.src[this.pos] !== ')') throw new Unsupported();
    this.pos++;
    // A lookaround consumes nothing: the match's own text need not contain its literals.
    return lookaround ? EMPTY : inner;
  }

  private classBody(): void {
    if (this.src[this.pos] === '^') this.pos++;
    while (this.pos < this.src.length && this.src[this.pos] !== ']') this.pos += this.src[this.pos] === '\\' ? 2 : 1;
    if (this.src[this.pos] !== ']') throw new Unsupported();
    this.pos++;
  }

  private escape(): Info {
    const c = this.src[this.pos++];
    if (c === undefined) throw new Unsupported();
    if (c === 'b' || c === 'B') return EMPTY;
    if ('dDwWsS'.includes(c)) return ANY;
    const ctl: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };
    if (ctl[c]) return { exact: new Set([ctl[c]]) };
    if (c === 'x' || c === 'u') {
      const len = c === 'x' ? 2 : 4;
      const hex = this.src.slice(this.pos, this.pos + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new Unsupported();
      this.pos += len;
      return { exact: new Set([String.fromCharCode(parseInt(hex, 16))]) };
    }
    // Backreferences, \0, \c, \k, \p: not analysed.
    if (/[0-9a-zA-Z]/.test(c)) throw new Unsupported();
    return { exact: new Set([c]) };
  }
}

function product(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> | undefined {
  if (a.size * b.size > MAX_EXACT) return undefined;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

function union(sets: (Set<string> | undefined)[]): Set<string> | undefined {
  const out = new Set<string>();
  for (const s of sets) {
    if (!s) return undefined;
    for (const x of s) out.add(x);
  }
  return out;
}
