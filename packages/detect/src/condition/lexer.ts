/**
 * Tokens of the Falco condition language. Bare words are anything up to whitespace, a bracket,
 * a comma, a quote or a comparison sign, so paths (`/etc/shadow`), globs and field names with
 * arguments (`proc.aname[2]`, `container.mount.dest[/var/run/docker.sock]`) are single words.
 */

export type Token =
  | { t: 'word'; v: string; pos: number }
  | { t: 'string'; v: string; pos: number }
  | { t: 'punct'; v: '(' | ')' | ','; pos: number }
  | { t: 'op'; v: '=' | '==' | '!=' | '<' | '<=' | '>' | '>='; pos: number };

export class ConditionSyntaxError extends Error {
  constructor(message: string, readonly pos: number) {
    super(`${message} at offset ${pos}`);
  }
}

const WORD_END = new Set([' ', '\t', '\n', '\r', '(', ')', ',', '"', "'", '=', '<', '>', '!']);

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ t: 'punct', v: c, pos: i++ });
    } else if (c === '"' || c === "'") {
      const start = i++;
      let v = '';
      while (i < src.length && src[i] !== c) {
        // Falco strings take backslash escapes of the quote and backslash only.
        if (src[i] === '\\' && (src[i + 1] === c || src[i + 1] === '\\')) i++;
        v += src[i++];
      }
      if (i >= src.length) throw new ConditionSyntaxError('unterminated string', start);
      i++;
      out.push({ t: 'string', v, pos: start });
    } else if (c === '=' || c === '<' || c === '>' || c === '!') {
      const two = src.slice(i, i + 2);
      if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
        out.push({ t: 'op', v: two, pos: i });
        i += 2;
      } else if (c === '!') {
        throw new ConditionSyntaxError("unexpected '!'", i);
      } else {
        out.push({ t: 'op', v: c, pos: i++ });
      }
    } else {
      const start = i;
      let depth = 0;
      // A bracket argument may hold any character but a closing bracket.
      while (i < src.length && (depth > 0 || !WORD_END.has(src[i]))) {
        if (src[i] === '[') depth++;
        else if (src[i] === ']') depth = Math.max(0, depth - 1);
        i++;
      }
      out.push({ t: 'word', v: src.slice(start, i), pos: start });
    }
  }
  return out;
}
