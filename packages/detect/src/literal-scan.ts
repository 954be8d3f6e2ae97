/**
 * Many literals found in one pass (Aho–Corasick, as a DFA over ASCII): scanning a command line
 * for every literal of every rule costs one table step per character, however many rules there
 * are. Literals are ASCII; a non-ASCII character is in none of them, so a match never spans it.
 */

const ALPHABET = 128;

export class LiteralScanner {
  /** next[state * ALPHABET + char]: the DFA. */
  private readonly next: Int32Array;
  /** Literal ids ending at each state (its own and those of its suffix states). */
  private readonly out: (readonly number[] | undefined)[];

  /** `literals[i]` gets id i; each must be non-empty ASCII. */
  constructor(literals: readonly string[]) {
    const goto: number[][] = [[]];
    const own: number[][] = [[]];
    literals.forEach((lit, id) => {
      if (lit === '' || !/^[\x00-\x7f]*$/.test(lit)) throw new Error(`literal scan: ${JSON.stringify(lit)} is not a non-empty ASCII string`);
      let s = 0;
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i);
        let t = goto[s][c];
        if (t === undefined) {
          t = goto.length;
          goto.push([]);
          own.push([]);
          goto[s][c] = t;
        }
        s = t;
      }
      own[s].push(id);
    });
    const n = goto.length;
    const next = new Int32Array(n * ALPHABET);
    const fail = new Int32Array(n);
    const out: (number[] | undefined)[] = new Array(n);
    out[0] = own[0].length ? own[0] : undefined;
    // Breadth first, so a state's suffix state is complete before it is used.
    const queue: number[] = [];
    for (let c = 0; c < ALPHABET; c++) {
      const t = goto[0][c];
      if (t === undefined) continue;
      next[c] = t;
      queue.push(t);
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q];
      const f = fail[s];
      const merged = [...own[s], ...(out[f] ?? [])];
      out[s] = merged.length ? merged : undefined;
      for (let c = 0; c < ALPHABET; c++) {
        const t = goto[s][c];
        if (t === undefined) next[s * ALPHABET + c] = next[f * ALPHABET + c];
        else {
          next[s * ALPHABET + c] = t;
          fail[t] = next[f * ALPHABET + c];
          queue.push(t);
        }
      }
    }
    this.next = next;
    this.out = out;
  }

  /** Calls `found(id)` for each occurrence of a literal in `text` (an id may repeat). */
  scan(text: string, found: (id: number) => void): void {
    const next = this.next;
    const out = this.out;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      s = c < ALPHABET ? next[s * ALPHABET + c] : 0;
      const ids = out[s];
      if (ids !== undefined) for (let k = 0; k < ids.length; k++) found(ids[k]);
    }
  }
}
